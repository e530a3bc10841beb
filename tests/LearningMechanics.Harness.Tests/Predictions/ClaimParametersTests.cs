using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Predictions;

namespace LearningMechanics.Harness.Tests.Predictions;

public sealed class ClaimParametersTests
{
    private static readonly IReadOnlyList<ParameterSpec> Specs =
    [
        ParameterSpec.Real("lr", 0.05, 0.02, "learning rate", min: 0, exclusive: true),
        ParameterSpec.Integer("steps", 300, 3000, "training steps"),
        ParameterSpec.Reals("widths", [64, 128], [256, 512], "widths swept", min: 1),
        ParameterSpec.Choice("activation", "tanh", "relu", "hidden activation", "tanh", "relu"),
    ];

    [Fact]
    public void DefaultsFollowTheTier()
    {
        var smoke = ClaimParameters.Defaults(Specs, Tier.Smoke);
        var full = ClaimParameters.Defaults(Specs, Tier.Full);

        Assert.Equal(0.05, smoke.Real("lr"));
        Assert.Equal(300, smoke.Integer("steps"));
        Assert.Equal([64.0, 128.0], smoke.Reals("widths"));
        Assert.Equal("tanh", smoke.Choice("activation"));
        Assert.Equal(0.02, full.Real("lr"));
        Assert.Equal(3000, full.Integer("steps"));
        Assert.Equal("relu", full.Choice("activation"));
    }

    [Fact]
    public void WithOverridesReturnsACopy()
    {
        var defaults = ClaimParameters.Defaults(Specs, Tier.Smoke);

        var changed = defaults.With(("lr", "0.1"), ("widths", "8,16"));

        Assert.Equal(0.1, changed.Real("lr"));
        Assert.Equal([8.0, 16.0], changed.Reals("widths"));
        Assert.Equal(300, changed.Integer("steps"));
        Assert.Equal(0.05, defaults.Real("lr"));
    }

    [Fact]
    public void UnknownParameterListsValidNamesAndTypes()
    {
        var defaults = ClaimParameters.Defaults(Specs, Tier.Smoke);

        var error = Assert.Throws<ArgumentException>(() => defaults.With(("learning_rate", "0.1")));

        Assert.Contains("learning_rate", error.Message);
        Assert.Contains("lr (real)", error.Message);
        Assert.Contains("steps (integer)", error.Message);
        Assert.Contains("widths (list of reals)", error.Message);
        Assert.Contains("activation (one of tanh|relu)", error.Message);
    }

    [Fact]
    public void IllTypedOverrideSaysWhatIsExpected()
    {
        var defaults = ClaimParameters.Defaults(Specs, Tier.Smoke);

        var error = Assert.Throws<ArgumentException>(() => defaults.With(("steps", "many")));

        Assert.Contains("steps expects integer", error.Message);
    }

    [Fact]
    public void OutOfRangeOverrideIsRejected()
    {
        var defaults = ClaimParameters.Defaults(Specs, Tier.Smoke);

        var error = Assert.Throws<ArgumentException>(() => defaults.With(("lr", "-1")));

        Assert.Contains("out of range", error.Message);
    }

    [Fact]
    public void AccessorOfWrongTypeOrUndeclaredNameThrows()
    {
        var defaults = ClaimParameters.Defaults(Specs, Tier.Smoke);

        Assert.Throws<InvalidOperationException>(() => defaults.Integer("lr"));
        Assert.Throws<KeyNotFoundException>(() => defaults.Real("momentum"));
    }

    [Fact]
    public void AsTextRoundTripsInDeclarationOrder()
    {
        var parameters = ClaimParameters.Defaults(Specs, Tier.Smoke).With(("lr", "0.1"), ("activation", "RELU"));

        var text = parameters.AsText();

        Assert.Equal(["lr", "steps", "widths", "activation"], text.Select(kv => kv.Key));
        Assert.Equal(["0.1", "300", "64,128", "relu"], text.Select(kv => kv.Value));
        Assert.Equal("lr=0.1, steps=300, widths=64,128, activation=relu", parameters.ToString());
        var reparsed = ClaimParameters.Defaults(Specs, Tier.Full).With(text);
        Assert.Equal(parameters.ToString(), reparsed.ToString());
    }
}
