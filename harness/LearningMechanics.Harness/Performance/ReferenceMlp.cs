using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Harness.Performance;

/// <summary>
/// The benchmark's reference workload (other sizes on request): a float32 tanh MLP 32→256→1 (standard parameterization, biases) on 1024
/// Gaussian samples, trained by full-batch GD. Each call does what one step of <see cref="GradientDescent"/> does between
/// probes (forward, loss, backward, in-place update, all tensors disposed, nothing read to the host).
/// </summary>
public sealed class ReferenceMlp : IDisposable
{
    public static readonly IReadOnlyList<int> Widths = [32, 256, 1];
    public const int Samples = 1024;
    private const double LearningRate = 0.01;

    private readonly Mlp model;
    private readonly Dataset data;
    // Built on first use and dropped by every step: the in-place update would invalidate its graph, and libtorch
    // aborts the process (not an exception) when a product is taken through a graph whose leaves have changed.
    private HessianVectorProduct? hvp;
    private readonly torch.Tensor direction;

    /// <param name="widths">Another architecture (default <see cref="Widths"/>), e.g. a claim-sized net for the ensemble comparison.</param>
    /// <param name="samples">Another sample count (default <see cref="Samples"/>).</param>
    public ReferenceMlp(long seed, ComputeDevice device, IReadOnlyList<int>? widths = null, int samples = Samples)
    {
        var generator = device.Seed(seed);
        widths ??= Widths;
        data = SyntheticData.GaussianWithRandomTargets(samples, widths[0], widths[^1], generator, device, Precision.Float32);
        model = new Mlp(widths, Activation.Tanh, Parameterization.Standard, bias: true, generator, device, Precision.Float32);
        direction = torch.randn(ParameterVector.Count(model.Parameters), dtype: torch.ScalarType.Float32, generator: generator).to(device.Device);
    }

    /// <summary>
    /// Forward plus backward FLOPs of one step, counted as 3 × 2·m·Σ_l(in_l·out_l): the forward matmuls cost 2·m·in·out each
    /// and the backward twice that (input and weight gradients); activations, the loss and the update are left out.
    /// </summary>
    public static double FlopsPerStep => 3.0 * 2.0 * Samples * Widths.Zip(Widths.Skip(1)).Sum(p => (double)p.First * p.Second);

    /// <summary>One full-batch GD step.</summary>
    public void Step()
    {
        hvp?.Dispose();
        hvp = null;
        using var scope = torch.NewDisposeScope();
        var grads = Derivatives.Gradient(Loss(), model.Parameters);
        using (torch.no_grad())
        {
            for (int i = 0; i < grads.Count; i++) model.Parameters[i].add_(grads[i], -LearningRate);
        }
    }

    /// <summary>One gradient of the loss (forward and backward, no update).</summary>
    public void Gradient()
    {
        using var scope = torch.NewDisposeScope();
        Derivatives.Gradient(Loss(), model.Parameters);
    }

    /// <summary>One Hessian-vector product on the gradient graph built once (the per-iteration cost of a sharpness probe).</summary>
    public void HessianVectorProduct()
    {
        hvp ??= new HessianVectorProduct(Loss().DetachFromDisposeScope(), model.Parameters);
        using var product = hvp.Apply(direction);
    }

    /// <summary>One Hessian-vector product from nothing: forward, gradient with graph, double backward.</summary>
    public void HessianVectorProductFromScratch()
    {
        using var scope = torch.NewDisposeScope();
        using var fresh = new HessianVectorProduct(Loss(), model.Parameters);
        fresh.Apply(direction);
    }

    private torch.Tensor Loss() => SquaredLoss.Of(model.Forward(data.Inputs), data.Targets);

    public void Dispose()
    {
        direction.Dispose();
        hvp?.Dispose();
        model.Dispose();
        data.Dispose();
    }
}
