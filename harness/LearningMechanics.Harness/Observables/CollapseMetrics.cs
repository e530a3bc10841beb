using TorchSharp;

namespace LearningMechanics.Harness.Observables;

/// <summary>
/// The neural-collapse statistics of Papyan, Han &amp; Donoho (2020, PNAS, Fig. 2–7) for last-layer features H (N × d)
/// with labels y, a classifier W (C × d) and bias b (C):
/// <list type="bullet">
/// <item>NC1 = tr(Σ_W Σ_B^†)/C, within-class over between-class variability;</item>
/// <item>equinorm: the coefficient of variation (std/mean) of the centred class-mean norms ‖μ_c − μ_G‖;</item>
/// <item>equiangularity: the standard deviation of the pairwise cosines of the centred class means (their mean is
/// −1/(C−1) identically once the norms are equal, so the spread is the informative number);</item>
/// <item>NC3 (self-duality): ‖Wᵀ/‖W‖_F − M̃/‖M̃‖_F‖_F² with M̃ = [μ_c − μ_G] (d × C);</item>
/// <item>NC4: the fraction of samples where argmax_c (W h + b)_c differs from the nearest class mean argmin_c ‖h − μ_c‖.</item>
/// </list>
/// Also the mean pairwise cosine of the uncentred class means (−1/(C−1) for a simplex ETF centred at 0, 0 for an
/// orthogonal frame). Every class must have at least one sample. Computed in float64.
/// </summary>
public sealed record CollapseMetrics(double Nc1, double NormVariation, double CosineSpread, double SelfDuality, double NccMismatch, double UncentredCosine)
{
    public static CollapseMetrics Of(torch.Tensor features, torch.Tensor labels, torch.Tensor weights, torch.Tensor bias, int classes)
    {
        if (features.dim() != 2 || labels.dim() != 1 || labels.shape[0] != features.shape[0])
            throw new ArgumentException("Expected features (N × d) and labels (N).");
        if (weights.dim() != 2 || weights.shape[0] != classes || weights.shape[1] != features.shape[1] || bias.numel() != classes)
            throw new ArgumentException($"Expected W ({classes} × {features.shape[1]}) and b ({classes}).");
        if (classes < 2) throw new ArgumentException("Collapse needs at least two classes.");
        using var scope = torch.NewDisposeScope();
        using var grad = torch.no_grad();
        var h = features.detach().to(torch.ScalarType.Float64);
        var w = weights.detach().to(torch.ScalarType.Float64);
        var b = bias.detach().to(torch.ScalarType.Float64).reshape(-1);
        var y = labels.to(torch.ScalarType.Int64);
        long n = h.shape[0], d = h.shape[1];
        var onehot = torch.nn.functional.one_hot(y, classes).to(torch.ScalarType.Float64);
        var counts = onehot.sum([0L]);
        if (counts.min().item<double>() < 1) throw new ArgumentException("Every class needs at least one sample.");
        var means = torch.matmul(onehot.t(), h) / counts.unsqueeze(1);
        var global = h.mean([0]);
        var centred = means - global;
        var within = h - means.index_select(0, y);
        var sigmaW = torch.matmul(within.t(), within) / n;
        var sigmaB = torch.matmul(centred.t(), centred) / classes;
        double nc1 = torch.trace(torch.matmul(sigmaW, torch.linalg.pinv(sigmaB, rtol: 1e-10, hermitian: true))).item<double>() / classes;

        var norms = centred.norm(1, false, 2);
        double normVariation = (norms.std() / norms.mean()).item<double>();
        var unit = centred / norms.unsqueeze(1);
        var offDiagonal = torch.ones(classes, classes, dtype: torch.ScalarType.Bool).triu(1);
        var cosines = torch.matmul(unit, unit.t()).masked_select(offDiagonal);
        double cosineSpread = cosines.numel() > 1 ? cosines.std().item<double>() : 0;

        var raw = means / means.norm(1, false, 2).unsqueeze(1);
        double uncentredCosine = torch.matmul(raw, raw.t()).masked_select(offDiagonal).mean().item<double>();

        var difference = w / w.norm() - centred / centred.norm();
        double selfDuality = difference.square().sum().item<double>();

        var network = torch.matmul(h, w.t()).add(b).argmax(1);
        var nearest = torch.cdist(h, means).argmin(1);
        double mismatch = network.ne(nearest).to(torch.ScalarType.Float64).mean().item<double>();
        _ = d;
        return new CollapseMetrics(nc1, normVariation, cosineSpread, selfDuality, mismatch, uncentredCosine);
    }
}
