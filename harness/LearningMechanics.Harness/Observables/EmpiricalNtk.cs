using TorchSharp;

namespace LearningMechanics.Harness.Observables;

/// <summary>
/// The empirical neural tangent kernel Θ(x_i, x_j) = Σ_p ∂f(x_i)/∂θ_p · ∂f(x_j)/∂θ_p of a scalar-output network on a
/// set of inputs, from per-example Jacobian rows (Jacot et al. 2018). Returned as an m × m float64 matrix on the host.
/// </summary>
public static class EmpiricalNtk
{
    public static double[,] Gram(Func<torch.Tensor, torch.Tensor> forward, IReadOnlyList<torch.Tensor> parameters, torch.Tensor inputs)
    {
        using var scope = torch.NewDisposeScope();
        var outputs = forward(inputs);
        if (outputs.dim() != 2 || outputs.shape[1] != 1)
            throw new ArgumentException($"The NTK here is for scalar outputs; got outputs of shape ({string.Join(", ", outputs.shape)}).");
        int m = (int)outputs.shape[0];
        var rows = new List<torch.Tensor>(m);
        for (int i = 0; i < m; i++)
        {
            var grads = Derivatives.Gradient(outputs[i, 0], parameters, keepGraph: i < m - 1);
            rows.Add(ParameterVector.Flatten(grads).to(torch.ScalarType.Float64));
        }
        var jacobian = torch.stack(rows);
        var gram = torch.matmul(jacobian, jacobian.t()).cpu();
        var result = new double[m, m];
        var data = gram.data<double>();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++) result[i, j] = data[i * m + j];
        return result;
    }

    /// <summary>‖A − B‖_F / ‖B‖_F: the relative change of a kernel from its initial value B.</summary>
    public static double RelativeChange(double[,] current, double[,] initial)
    {
        if (current.GetLength(0) != initial.GetLength(0) || current.GetLength(1) != initial.GetLength(1))
            throw new ArgumentException("Kernels differ in size.");
        double diff = 0, norm = 0;
        foreach (var (a, b) in current.Cast<double>().Zip(initial.Cast<double>()))
        {
            diff += (a - b) * (a - b);
            norm += b * b;
        }
        if (norm == 0) throw new ArgumentException("The initial kernel is zero: a relative change is undefined.");
        return Math.Sqrt(diff / norm);
    }
}
