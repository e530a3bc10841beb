namespace LearningMechanics.Harness.Compute;

/// <summary>The device class a run uses; baselines are kept per device class.</summary>
public enum DeviceKind { Cpu, Cuda }
