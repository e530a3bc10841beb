using TorchSharp;

namespace LearningMechanics.Harness.Observables;

/// <summary>
/// Every replica's empirical NTK Θ_k(x_i, x_j) for a scalar-output ensemble. The gradient of Σ_k f_k(x_ki) has
/// replica k's Jacobian row for sample i in block k, so m backward passes give all K kernels (K·m for separate runs).
/// Each kernel is an m × m float64 matrix on the host, as <see cref="EmpiricalNtk.Gram"/> returns.
/// </summary>
public static class EnsembleNtk
{
    public static IReadOnlyList<double[,]> Grams(Func<torch.Tensor, torch.Tensor> forward, IReadOnlyList<torch.Tensor> parameters, torch.Tensor inputs)
    {
        using var scope = torch.NewDisposeScope();
        var outputs = forward(inputs);
        if (outputs.dim() != 3 || outputs.shape[2] != 1)
            throw new ArgumentException($"The NTK here is for scalar outputs [K, m, 1]; got ({string.Join(", ", outputs.shape)}).");
        int k = (int)outputs.shape[0], m = (int)outputs.shape[1];
        var rows = new List<torch.Tensor>(m);
        for (int i = 0; i < m; i++)
        {
            var grads = Derivatives.Gradient(outputs[.., i, 0].sum(), parameters, keepGraph: i < m - 1);
            rows.Add(ReplicaVector.Flatten(grads).to(torch.ScalarType.Float64));
        }
        var jacobians = torch.stack(rows, 1); // [K, m, D]
        var grams = torch.bmm(jacobians, jacobians.transpose(1, 2)).cpu().contiguous();
        var data = grams.data<double>().ToArray();
        var result = new List<double[,]>(k);
        for (int r = 0; r < k; r++)
        {
            var gram = new double[m, m];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < m; j++) gram[i, j] = data[(r * m + i) * m + j];
            result.Add(gram);
        }
        return result;
    }
}
