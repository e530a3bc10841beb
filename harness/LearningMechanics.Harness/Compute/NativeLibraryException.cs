namespace LearningMechanics.Harness.Compute;

/// <summary>libtorch could not be loaded; the message names the missing piece and the fix.</summary>
public sealed class NativeLibraryException(string message, Exception? inner = null) : Exception(message, inner);
