namespace LearningMechanics.Harness.Predictions;

/// <summary>The five strands of learning mechanics (Simon et al. 2026, arXiv:2604.21691).</summary>
public enum Strand { SolvableSettings, TractableLimits, MacroscopicLaws, HyperparameterTheories, UniversalBehaviors }
