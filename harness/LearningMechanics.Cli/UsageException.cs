namespace LearningMechanics.Cli;

/// <summary>Input `lm` cannot act on. Its message is shown as it is, without a stack trace, and the exit code is 2.</summary>
public sealed class UsageException(string message, Exception? inner = null) : Exception(message, inner);
