namespace LearningMechanics.Harness.Records;

/// <summary>What checking a record against its approved baseline found.</summary>
public enum BaselineStatus
{
    /// <summary>Every quantity within tolerance or the combined CIs, and the same verdict.</summary>
    Matches,

    /// <summary>Something moved: a received file was written beside the approved one.</summary>
    Mismatch,

    /// <summary>No approved baseline: a received file was written; nothing was approved silently.</summary>
    Missing,

    /// <summary>The baseline describes another experiment (other seeds, parameters, device…): no comparison made.</summary>
    NotComparable,

    /// <summary>LM_ACCEPT=1 (or an explicit accept) moved the received record over the approved one.</summary>
    Accepted,
}

/// <summary>The outcome of a baseline check, with a message a researcher can act on.</summary>
public sealed record BaselineCheck(BaselineStatus Status, string Message, string ApprovedPath, BaselineComparison? Comparison)
{
    /// <summary>Whether a test should pass: a match, an explicit accept, or a run that is not the baseline's experiment.</summary>
    public bool Passes => Status is BaselineStatus.Matches or BaselineStatus.Accepted or BaselineStatus.NotComparable;
}
