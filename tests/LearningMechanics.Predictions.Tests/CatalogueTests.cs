using System.Text.RegularExpressions;
using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Records;

namespace LearningMechanics.Predictions.Tests;

/// <summary>What every claim in the catalogue must have, checked without training anything.</summary>
public sealed partial class CatalogueTests
{
    [Fact]
    public void IdsAreUniqueAndKebabCase()
    {
        var ids = Catalogue.All.Select(c => c.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches(KebabCase(), id));
    }

    [Fact]
    public void EveryClaimCitesASourceAndHasAControlThatChangesItsParameters()
    {
        foreach (var claim in Catalogue.All)
        {
            Assert.NotEmpty(claim.Sources);
            Assert.All(claim.Sources, s => Assert.True(s.Year > 1900 && s.Authors.Length > 0 && s.Locator.Length > 0, $"{claim.Id}: incomplete source {s}"));
            Assert.NotEmpty(claim.Control.Overrides);
            Assert.NotEqual(claim.Defaults(Tier.Smoke).ToString(), claim.ControlParameters(Tier.Smoke).ToString());
            Assert.NotEmpty(claim.RivalDescription);
        }
    }

    [Fact]
    public void EveryPredictionHasAStatedToleranceReasonAndARivalForTheSameQuantities()
    {
        foreach (var claim in Catalogue.All)
        {
            var parameters = claim.Defaults(Tier.Smoke);
            var predictions = claim.Predict(parameters);
            Assert.NotEmpty(predictions);
            Assert.All(predictions, p => Assert.False(string.IsNullOrWhiteSpace(p.ToleranceReason), $"{claim.Id}: {p.Quantity} has no tolerance reason"));
            var rival = claim.PredictRival(parameters);
            Assert.NotEmpty(rival);
            Assert.All(rival, r => Assert.Contains(predictions, p => p.Quantity == r.Quantity));
        }
    }

    [Fact]
    public void EveryClaimHasATestClass()
    {
        var tested = typeof(CatalogueTests).Assembly.GetTypes()
            .Select(t => t.BaseType)
            .Where(b => b is { IsGenericType: true } && b.GetGenericTypeDefinition() == typeof(ClaimTests<>))
            .Select(b => b!.GetGenericArguments()[0])
            .ToHashSet();
        Assert.All(Catalogue.All, c => Assert.Contains(c.GetType(), tested));
    }

    [Fact]
    public void EveryApprovedBaselineBelongsToAClaim()
    {
        var orphans = BaselineStore.ForRepository(TestRepository.Root).Orphans(Catalogue.All.Select(c => c.Id));
        Assert.True(orphans.Count == 0, $"Approved baselines with no claim (delete them or restore the claim): {string.Join(", ", orphans)}");
    }

    [Fact]
    public void FindListsTheIdsForAnUnknownClaim()
    {
        var ex = Assert.Throws<ArgumentException>(() => Catalogue.Find("no-such-claim"));
        Assert.Contains("edge-of-stability", ex.Message);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();
}
