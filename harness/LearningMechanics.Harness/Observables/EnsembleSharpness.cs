using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Harness.Observables;

/// <summary>
/// Every replica's sharpness λ_max by power iteration on the block-diagonal Hessian of an ensemble, each row
/// normalised on its own: replica k follows exactly the iteration <see cref="Sharpness"/> runs for a separate model (same
/// random start from its generator, same stopping rule) and stops when it converges while the others go on. One batched
/// Hessian-vector product and one host read of the K Rayleigh quotients and norms per iteration. Replicas converge after
/// very different numbers of iterations near the edge of stability, so whenever some stop the product is rebuilt over
/// the ones still running (one gradient's cost) once at most half of them run: the ensemble then pays about
/// Σ_k iterations_k HVP rows plus a few rebuilds, not K · max_k iterations_k.
/// </summary>
public sealed class EnsembleSharpness(int maxIterations = 100, double relativeTolerance = 1e-4)
{
    /// <summary>Per-replica estimates (NaN for a replica not measured), the vectors [K, D] (the caller disposes them) and iterations.</summary>
    public sealed record Result(IReadOnlyList<double> Values, torch.Tensor Vectors, IReadOnlyList<int> Iterations);

    /// <summary>λ_max of each replica's loss L_k = (1/2m)Σ‖f_k − y_k‖² at the model's current parameters.</summary>
    /// <param name="warmStart">The previous call's vectors [K, D], or null for a random start drawn from each replica's generator.</param>
    /// <param name="generators">One per replica; used only for a random start.</param>
    /// <param name="measured">Which replicas to measure (null: all); skipped ones (e.g. diverged) keep NaN and their vector.</param>
    public Result Of(IEnsembleModel model, torch.Tensor inputs, torch.Tensor targets, torch.Tensor? warmStart,
        IReadOnlyList<torch.Generator> generators, IReadOnlyList<bool>? measured = null) =>
        TopEigenvalues(replicas => SubsetProduct(model, inputs, targets, replicas), model.Replicas, warmStart, generators, measured);

    /// <param name="productOver">Builds the Hessian-vector product of Σ_{k∈S} L_k over the replicas S it is given (ascending indices).</param>
    /// <param name="replicas">K.</param>
    public Result TopEigenvalues(Func<long[], EnsembleHessianVectorProduct> productOver, int replicas, torch.Tensor? warmStart,
        IReadOnlyList<torch.Generator> generators, IReadOnlyList<bool>? measured = null)
    {
        int k = replicas;
        if (generators.Count != k) throw new ArgumentException($"{generators.Count} generators for {k} replicas.", nameof(generators));
        using var scope = torch.NewDisposeScope();
        var running = Enumerable.Range(0, k).Select(r => measured is null || measured[r]).ToArray();
        var values = Enumerable.Repeat(double.NaN, k).ToArray();
        var previous = Enumerable.Repeat(double.NaN, k).ToArray();
        var iterations = new int[k];
        EnsembleHessianVectorProduct? hvp = null;
        long[] active = [];
        torch.Tensor? v = null;
        try
        {
            while (running.Any(r => r))
            {
                long[] now = Enumerable.Range(0, k).Where(r => running[r]).Select(r => (long)r).ToArray();
                // Rebuilding costs about one gradient, so it waits until at most half the replicas in the product still
                // run; the stopped ones in between ride along, their vectors and values untouched.
                if (hvp is null || 2 * now.Length <= active.Length)
                {
                    hvp?.Dispose();
                    hvp = productOver(now);
                    active = now;
                    v ??= Start(warmStart, generators, k, hvp);
                }
                var current = v!;
                // Each iteration's temporaries go with its own scope; only the new vectors leave it.
                using (var iteration = torch.NewDisposeScope())
                {
                    var index = torch.tensor(active, device: current.device);
                    var vs = active.Length == k ? current : current.index_select(0, index);
                    var hv = hvp.Apply(vs);
                    var norms = hv.norm(1, keepdim: true);
                    // One host read per iteration: the Rayleigh quotients v_k·H_k v_k and the norms ‖H_k v_k‖ of the running replicas.
                    var host = torch.stack([(vs * hv).sum(1), norms.squeeze(1)]).to(torch.ScalarType.Float64).cpu().data<double>().ToArray();
                    int n = active.Length;
                    var replace = new bool[n];
                    for (int i = 0; i < n; i++)
                    {
                        int r = (int)active[i];
                        if (!running[r]) continue;
                        iterations[r]++;
                        double value = host[i], norm = host[n + i];
                        values[r] = value;
                        if (!double.IsFinite(value) || norm == 0) { running[r] = false; continue; }
                        replace[i] = true;
                        if (Math.Abs(value - previous[r]) <= relativeTolerance * Math.Abs(value) || iterations[r] >= maxIterations) running[r] = false;
                        previous[r] = value;
                    }
                    if (replace.Any(x => x))
                    {
                        var next = torch.where(torch.tensor(replace, device: current.device).unsqueeze(1), hv / norms, vs);
                        var updated = (active.Length == k ? next : current.index_copy(0, index, next)).MoveToOuterDisposeScope();
                        current.Dispose();
                        v = updated;
                    }
                }
            }
        }
        finally
        {
            hvp?.Dispose();
        }
        // No replica measured: hand back the warm start (or nothing to warm-start from).
        v ??= warmStart?.clone() ?? torch.zeros(0);
        return new Result(values, v.detach().DetachFromDisposeScope(), iterations);
    }

    private static torch.Tensor Start(torch.Tensor? warmStart, IReadOnlyList<torch.Generator> generators, int k, EnsembleHessianVectorProduct hvp)
    {
        var v = warmStart is not null && warmStart.shape.SequenceEqual([k, hvp.Dimension])
            ? warmStart.to(hvp.DType).to(hvp.Device)
            : torch.stack(generators.Select(g => torch.randn(hvp.Dimension, dtype: hvp.DType, generator: g)).ToList()).to(hvp.Device);
        return v / v.norm(1, keepdim: true);
    }

    /// <summary>The product over a subset of replicas: their parameters index-selected (still differentiable), their data alongside.</summary>
    private static EnsembleHessianVectorProduct SubsetProduct(IEnsembleModel model, torch.Tensor inputs, torch.Tensor targets, long[] replicas)
    {
        if (replicas.Length == model.Replicas)
            return new EnsembleHessianVectorProduct(ReplicaSquaredLoss.Summed(model.Forward(inputs), targets), model.Parameters);
        using var index = torch.tensor(replicas, device: model.Parameters[0].device);
        var parameters = model.Parameters.Select(p => p.index_select(0, index)).ToList();
        var x = inputs.dim() == 3 ? inputs.index_select(0, index) : inputs;
        var loss = ReplicaSquaredLoss.Summed(model.Forward(x, parameters), targets.index_select(0, index));
        return new EnsembleHessianVectorProduct(loss, parameters);
    }
}
