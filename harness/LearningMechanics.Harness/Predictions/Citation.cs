namespace LearningMechanics.Harness.Predictions;

/// <summary>Where a prediction comes from: authors, year, title, and the equation or figure it rests on.</summary>
public sealed record Citation(string Authors, int Year, string Title, string Locator)
{
    public override string ToString() => $"{Authors} ({Year}), \"{Title}\", {Locator}";
}
