using System.Text.Json.Nodes;
using LearningMechanics.Harness.Records;

namespace LearningMechanics.Harness.Tests.Records;

public sealed class RecordJsonTests
{
    private const string File = "baseline.approved.json";

    [Fact]
    public void RoundTripsARecord()
    {
        var record = SampleRecords.Record();
        var back = RecordJson.Parse(RecordJson.Serialize(record), File, requireFinite: true);
        Assert.Equal(record.Claim, back.Claim);
        Assert.Equal(record.Seeds, back.Seeds);
        Assert.Equal(record.Quantities, back.Quantities);
        Assert.Equal(record.Parameters, back.Parameters);
        Assert.Equal(record.Curves[0].Y, back.Curves[0].Y);
    }

    [Fact]
    public void NaNIsWrittenAndReadBackInRecordsButRejectedInBaselines()
    {
        var record = SampleRecords.Record() with { Quantities = [SampleRecords.Quantity("ratio", double.NaN)] };
        string json = RecordJson.Serialize(record);
        Assert.True(double.IsNaN(RecordJson.Parse(json, File, requireFinite: false).Quantities[0].Estimate));
        var ex = Assert.Throws<RecordFormatException>(() => RecordJson.Parse(json, File, requireFinite: true));
        Assert.Equal("quantities[ratio].estimate", ex.Field);
        Assert.Contains(File, ex.Message);
    }

    [Fact]
    public void InvalidJsonNamesTheFile()
    {
        var ex = Assert.Throws<RecordFormatException>(() => RecordJson.Parse("{ \"schema\": 1, ", File, requireFinite: true));
        Assert.Equal("(document)", ex.Field);
        Assert.StartsWith(File, ex.Message);
    }

    [Fact]
    public void WrongSchemaVersionIsRejected()
    {
        var ex = Assert.Throws<RecordFormatException>(() => RecordJson.Parse(Edit(o => o["schema"] = 99), File, requireFinite: true));
        Assert.Equal("schema", ex.Field);
        Assert.Contains("99", ex.Message);
    }

    [Theory]
    [InlineData("seeds")]
    [InlineData("claim")]
    [InlineData("quantities")]
    [InlineData("verdict")]
    public void MissingTopLevelFieldIsNamed(string field)
    {
        var ex = Assert.Throws<RecordFormatException>(() => RecordJson.Parse(Edit(o => o.Remove(field)), File, requireFinite: true));
        Assert.Equal(field, ex.Field);
    }

    [Theory]
    [InlineData("estimate")]
    [InlineData("ci_high")]
    [InlineData("tolerance")]
    public void MissingQuantityFieldIsNamed(string field)
    {
        var ex = Assert.Throws<RecordFormatException>(() =>
            RecordJson.Parse(Edit(o => ((JsonObject)o["quantities"]![1]!).Remove(field)), File, requireFinite: true));
        Assert.Equal($"quantities[slope].{field}", ex.Field);
    }

    [Fact]
    public void NonNumericEstimateIsNamed()
    {
        var ex = Assert.Throws<RecordFormatException>(() =>
            RecordJson.Parse(Edit(o => o["quantities"]![0]!["estimate"] = "about one"), File, requireFinite: true));
        Assert.Equal("quantities[ratio].estimate", ex.Field);
    }

    [Fact]
    public void WrongTypeElsewhereIsNamed()
    {
        var ex = Assert.Throws<RecordFormatException>(() => RecordJson.Parse(Edit(o => o["seeds"] = "1,2,3"), File, requireFinite: true));
        Assert.Contains("seeds", ex.Field);
    }

    private static string Edit(Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(RecordJson.Serialize(SampleRecords.Record()))!.AsObject();
        edit(node);
        return node.ToJsonString();
    }
}
