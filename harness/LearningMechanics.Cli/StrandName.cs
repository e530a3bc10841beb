using System.Text.RegularExpressions;
using LearningMechanics.Harness.Predictions;

namespace LearningMechanics.Cli;

/// <summary>A strand as people write it: "macroscopic laws", not MacroscopicLaws.</summary>
public static partial class StrandName
{
    public static string Of(Strand strand) => WordStart().Replace(strand.ToString(), " $1").ToLowerInvariant();

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex WordStart();
}
