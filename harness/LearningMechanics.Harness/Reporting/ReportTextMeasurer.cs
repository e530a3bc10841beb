using OxyPlot;

namespace LearningMechanics.Harness.Reporting;

/// <summary>
/// Text sizes for laying out figures. OxyPlot's managed measurer (the PDF exporter's) reports the PDF core fonts'
/// Latin-1 metrics in points, i.e. 3/4 of the pixel size an SVG viewer draws, and gives every other character
/// (λ, Θ, ‖, −) zero width. Converted to pixels, with non-Latin characters counted, and a margin for viewers that fall
/// back from Arial to the wider DejaVu Sans, the legend and axis titles neither clip nor overlap their neighbours.
/// </summary>
internal sealed class ReportTextMeasurer() : PdfRenderContext(100, 100, OxyColors.Undefined)
{
    private const double PixelsPerPoint = 96.0 / 72.0;

    // DejaVu Sans runs about 12% wider than Helvetica/Arial; a character outside Latin-1 is taken as 0.65 em.
    private const double FallbackWidening = 1.12;
    private const double NonLatinEm = 0.65;

    public override OxySize MeasureText(string text, string fontFamily, double fontSize, double fontWeight)
    {
        var points = base.MeasureText(text, fontFamily, fontSize, fontWeight);
        int nonLatin = text.Count(c => c > '\u00FF');
        double width = (points.Width * PixelsPerPoint + nonLatin * NonLatinEm * fontSize) * FallbackWidening;
        return new OxySize(width, points.Height * PixelsPerPoint);
    }
}
