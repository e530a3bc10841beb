using TorchSharp;

namespace LearningMechanics.Harness.Kernels;

/// <summary>
/// Infinite-width kernels of bias-free ReLU networks in closed form (Cho &amp; Saul 2009, arc-cosine kernel of degree
/// 1 and 0; Jacot et al. 2018 for the NTK). For pre-activations (u, u') ~ N(0, [[q, c], [c, q']]) with
/// cos θ = c/√(qq'): E[relu(u) relu(u')] = √(qq')·(sin θ + (π − θ) cos θ)/(2π) and E[relu'(u) relu'(u')] = (π − θ)/(2π).
/// </summary>
public static class ReluKernels
{
    /// <summary>
    /// One layer of the He-initialised (weight variance 2/fan_in) ReLU NNGP recursion: the next layer's pre-activation
    /// covariance K'(x, x') = (1/π)·√(K(x,x)K(x',x'))·(sin θ + (π − θ) cos θ). The diagonal is preserved, K'(x,x) = K(x,x).
    /// </summary>
    public static double ArcCosineStep(double kxx, double kyy, double kxy)
    {
        if (!(kxx > 0 && kyy > 0)) throw new ArgumentOutOfRangeException(nameof(kxx), "Variances must be positive.");
        double scale = Math.Sqrt(kxx * kyy);
        double theta = Angle(kxy / scale);
        return scale * (Math.Sin(theta) + (Math.PI - theta) * Math.Cos(theta)) / Math.PI;
    }

    /// <summary>
    /// The NTK of f(x) = w₂·relu(W₁x/√d)/√N with W₁, w₂ ~ N(0, 1) as N → ∞ (NTK parameterization, no biases), for inputs
    /// with ‖x‖²/d = 1 and t = x·x'/d: Θ(t) = [2t(π − θ) + sin θ]/(2π), θ = arccos t. The first-layer term is
    /// t·(π − θ)/(2π), the readout term (sin θ + (π − θ)t)/(2π); Θ(1) = 1.
    /// </summary>
    public static double TwoLayerNtk(double t)
    {
        double theta = Angle(t);
        double c = Math.Cos(theta);
        return (2 * c * (Math.PI - theta) + Math.Sin(theta)) / (2 * Math.PI);
    }

    /// <summary><see cref="TwoLayerNtk(double)"/> elementwise on a tensor of cosines t = x·x'/d.</summary>
    public static torch.Tensor TwoLayerNtk(torch.Tensor t)
    {
        using var scope = torch.NewDisposeScope();
        var c = t.clamp(-1.0, 1.0);
        var theta = torch.acos(c);
        return ((2.0 * c * (Math.PI - theta) + torch.sin(theta)) / (2 * Math.PI)).MoveToOuterDisposeScope();
    }

    private static double Angle(double cosine) => Math.Acos(Math.Clamp(cosine, -1.0, 1.0));
}
