namespace LearningMechanics.Harness.Records;

/// <summary>A record or baseline file that cannot be used: the message names the file and the field.</summary>
public sealed class RecordFormatException(string path, string field, string problem, Exception? inner = null)
    : Exception($"{path}: field '{field}': {problem}", inner)
{
    public string Path { get; } = path;

    public string Field { get; } = field;
}
