using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Predictions;

namespace LearningMechanics.Harness.Tests.Predictions;

public sealed class ParameterSpecTests
{
    private static readonly ParameterSpec LearningRate = ParameterSpec.Real("lr", 0.05, 0.02, "learning rate", min: 0, exclusive: true);
    private static readonly ParameterSpec Width = ParameterSpec.Integer("width", 64, 1024, "hidden width");
    private static readonly ParameterSpec Widths = ParameterSpec.Reals("widths", [64, 128], [256, 512, 1024], "widths swept", min: 1);
    private static readonly ParameterSpec Optimizer = ParameterSpec.Choice("optimizer", "gd", "gd", "optimizer", "gd", "sgd");

    [Fact]
    public void ParsesEachKind()
    {
        Assert.Equal(0.1, LearningRate.Parse("0.1"));
        Assert.Equal(1e-3, LearningRate.Parse(" 1e-3 "));
        Assert.Equal(256, Width.Parse("256"));
        Assert.Equal(new[] { 8.0, 16.0, 32.0 }, Widths.Parse("8, 16,32"));
        Assert.Equal("sgd", Optimizer.Parse("SGD"));
    }

    [Fact]
    public void DefaultsDependOnTier()
    {
        Assert.Equal("0.05", LearningRate.Default(Tier.Smoke));
        Assert.Equal("0.02", LearningRate.Default(Tier.Full));
        Assert.Equal("64,128", Widths.Default(Tier.Smoke));
        Assert.Equal("256,512,1024", Widths.Default(Tier.Full));
    }

    [Fact]
    public void TypeNamesDescribeTheKind()
    {
        Assert.Equal("real", LearningRate.TypeName);
        Assert.Equal("integer", Width.TypeName);
        Assert.Equal("list of reals", Widths.TypeName);
        Assert.Equal("one of gd|sgd", Optimizer.TypeName);
    }

    [Theory]
    [InlineData("0", "above 0")]
    [InlineData("-0.5", "above 0")]
    public void ExclusiveMinimumIsOutOfRange(string text, string expectedRange)
    {
        var error = Assert.Throws<ArgumentException>(() => LearningRate.Parse(text));

        Assert.Contains("out of range", error.Message);
        Assert.Contains(expectedRange, error.Message);
    }

    [Fact]
    public void InclusiveMinimumAcceptsTheBoundAndRejectsBelow()
    {
        Assert.Equal(1, Width.Parse("1"));
        var error = Assert.Throws<ArgumentException>(() => Width.Parse("0"));
        Assert.Contains("of at least 1", error.Message);

        var listError = Assert.Throws<ArgumentException>(() => Widths.Parse("8,0.5"));
        Assert.Contains("out of range", listError.Message);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("0,05")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("")]
    public void IllTypedRealSaysWhatIsExpected(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => LearningRate.Parse(text));

        Assert.Contains("lr expects real above 0", error.Message);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("wide")]
    [InlineData("99999999999")]
    public void IllTypedIntegerSaysWhatIsExpected(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => Width.Parse(text));

        Assert.Contains("width expects integer", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" , ")]
    [InlineData("8,x")]
    public void IllTypedListSaysWhatIsExpected(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => Widths.Parse(text));

        Assert.Contains("widths expects list of reals", error.Message);
    }

    [Fact]
    public void UnknownChoiceListsTheChoices()
    {
        var error = Assert.Throws<ArgumentException>(() => Optimizer.Parse("adam"));

        Assert.Contains("one of gd|sgd", error.Message);
    }

    [Fact]
    public void ChoicesMatchWithoutRegardToCase()
    {
        var spec = ParameterSpec.Choice("optimizer", "GD", "GD", "the optimizer", "GD", "SGD");
        Assert.Equal("GD", spec.Parse("gd"));
        Assert.Equal("SGD", spec.Parse("SGD"));
        Assert.Throws<ArgumentException>(() => spec.Parse("adam"));
    }
}
