using LearningMechanics.Harness.Compute;
using TorchSharp;

namespace LearningMechanics.Harness.Data;

/// <summary>
/// Saxe et al. (2014)'s setting: inputs whitened exactly (XᵀX/m = I) and targets y = A x with
/// A = U diag(s) Vᵀ, so the input-output correlation Σ_yx = A has the prescribed singular values s and
/// singular vectors U (outputs) and V (inputs).
/// </summary>
public sealed class WhitenedModes : IDisposable
{
    public WhitenedModes(int samples, int inputs, int outputs, IReadOnlyList<double> strengths, torch.Generator generator, ComputeDevice device, Precision precision)
    {
        int modes = strengths.Count;
        if (modes < 1 || modes > Math.Min(inputs, outputs))
            throw new ArgumentException($"Between 1 and min(inputs, outputs) = {Math.Min(inputs, outputs)} mode strengths are needed; got {modes}.");
        if (samples < inputs) throw new ArgumentException($"Exact whitening needs at least as many samples ({samples}) as inputs ({inputs}).");
        if (strengths.Any(s => !(s > 0))) throw new ArgumentException("Mode strengths must be positive.");
        var type = precision.ToScalarType();
        using var scope = torch.NewDisposeScope();
        var q = Orthonormal(samples, inputs, generator, type);
        var x = q.mul(Math.Sqrt(samples));
        var u = Orthonormal(outputs, modes, generator, type);
        var v = Orthonormal(inputs, modes, generator, type);
        var s = torch.tensor(strengths.ToArray(), dtype: type);
        var a = torch.matmul(u * s, v.t());
        var y = torch.matmul(x, a.t());
        Data = new Dataset(x.to(device.Device).MoveToOuterDisposeScope(), y.to(device.Device).MoveToOuterDisposeScope());
        OutputModes = u.to(device.Device).MoveToOuterDisposeScope();
        InputModes = v.to(device.Device).MoveToOuterDisposeScope();
        Strengths = strengths.ToList();
    }

    public Dataset Data { get; }

    /// <summary>U: outputs × modes, orthonormal columns.</summary>
    public torch.Tensor OutputModes { get; }

    /// <summary>V: inputs × modes, orthonormal columns.</summary>
    public torch.Tensor InputModes { get; }

    public IReadOnlyList<double> Strengths { get; }

    /// <summary>The mode strengths u_a = U_aᵀ M V_a of an end-to-end map M (outputs × inputs).</summary>
    public double[] ModeStrengths(torch.Tensor map)
    {
        using var scope = torch.NewDisposeScope();
        var projected = torch.matmul(torch.matmul(OutputModes.t(), map), InputModes).diagonal();
        return projected.to(torch.ScalarType.Float64).cpu().data<double>().ToArray();
    }

    public void Dispose()
    {
        Data.Dispose();
        OutputModes.Dispose();
        InputModes.Dispose();
    }

    private static torch.Tensor Orthonormal(int rows, int columns, torch.Generator generator, torch.ScalarType type)
    {
        var g = torch.randn(rows, columns, dtype: torch.ScalarType.Float64, generator: generator);
        var (q, _) = torch.linalg.qr(g);
        return q.to(type);
    }
}
