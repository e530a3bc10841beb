using System.Globalization;
using System.Text;

namespace LearningMechanics.Harness.Tests.Workflows;

/// <summary>
/// Evaluates the part of GitHub's expression language that a job's <c>if:</c> guard needs: context property access,
/// string/number/bool/null literals, <c>== != ! &amp;&amp; ||</c> and parentheses, with GitHub's semantics (string
/// equality ignores case, a property of null is null, <c>&amp;&amp;</c>/<c>||</c> return an operand). Anything else, a
/// function call for example, is refused with <see cref="NotSupportedException"/>, so a guard this check cannot read
/// fails the check instead of passing it.
/// </summary>
internal static class GuardExpression
{
    /// <summary>Evaluates <paramref name="expression"/> (with or without <c>${{ }}</c>) and applies GitHub's truthiness.</summary>
    public static bool IsTrue(string expression, IReadOnlyDictionary<string, object?> contexts) =>
        Truthy(Evaluate(expression, contexts));

    public static object? Evaluate(string expression, IReadOnlyDictionary<string, object?> contexts)
    {
        string text = Unwrap(expression);
        var parser = new Parser(Tokenize(text), contexts);
        object? value = parser.ParseOr();
        parser.ExpectEnd();
        return value;
    }

    /// <summary>The expression without a <c>${{ … }}</c> around all of it, and with whitespace runs made single spaces.</summary>
    public static string Normalize(string expression) =>
        string.Join(' ', Unwrap(expression).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Unwrap(string expression)
    {
        string text = expression.Trim();
        if (text.StartsWith("${{", StringComparison.Ordinal) && text.EndsWith("}}", StringComparison.Ordinal)
            && text.IndexOf("${{", 3, StringComparison.Ordinal) < 0)
            text = text[3..^2].Trim();
        return text;
    }

    public static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        double d => d != 0 && !double.IsNaN(d),
        string s => s.Length > 0,
        _ => true,
    };

    private static bool LooseEquals(object? a, object? b)
    {
        if (a is null && b is null) return true;
        if (a is string sa && b is string sb) return string.Equals(sa, sb, StringComparison.OrdinalIgnoreCase);
        if (a is bool ba && b is bool bb) return ba == bb;
        if (a is IReadOnlyDictionary<string, object?> || b is IReadOnlyDictionary<string, object?>) return ReferenceEquals(a, b);
        double na = ToNumber(a), nb = ToNumber(b);
        return na == nb; // NaN never equals
    }

    private static double ToNumber(object? value) => value switch
    {
        null => 0,
        bool b => b ? 1 : 0,
        double d => d,
        string s when s.Trim().Length == 0 => 0,
        string s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : double.NaN,
        _ => double.NaN,
    };

    private enum Kind { Identifier, String, Number, Dot, LeftParen, RightParen, Not, And, Or, Equal, NotEqual, End }

    private readonly record struct Token(Kind Kind, string Text);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (char.IsLetter(c) || c == '_')
            {
                int start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '-')) i++;
                tokens.Add(new Token(Kind.Identifier, text[start..i]));
                continue;
            }
            if (char.IsDigit(c))
            {
                int start = i;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.')) i++;
                tokens.Add(new Token(Kind.Number, text[start..i]));
                continue;
            }
            if (c == '\'')
            {
                var value = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length) throw new FormatException($"unterminated string in `{text}`");
                    if (text[i] == '\'')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '\'') { value.Append('\''); i += 2; continue; }
                        i++;
                        break;
                    }
                    value.Append(text[i++]);
                }
                tokens.Add(new Token(Kind.String, value.ToString()));
                continue;
            }
            string two = i + 1 < text.Length ? text.Substring(i, 2) : "";
            switch (two)
            {
                case "==": tokens.Add(new Token(Kind.Equal, two)); i += 2; continue;
                case "!=": tokens.Add(new Token(Kind.NotEqual, two)); i += 2; continue;
                case "&&": tokens.Add(new Token(Kind.And, two)); i += 2; continue;
                case "||": tokens.Add(new Token(Kind.Or, two)); i += 2; continue;
            }
            switch (c)
            {
                case '.': tokens.Add(new Token(Kind.Dot, ".")); i++; continue;
                case '(': tokens.Add(new Token(Kind.LeftParen, "(")); i++; continue;
                case ')': tokens.Add(new Token(Kind.RightParen, ")")); i++; continue;
                case '!': tokens.Add(new Token(Kind.Not, "!")); i++; continue;
            }
            throw new NotSupportedException($"`{c}` at {i} in `{text}` is beyond what this guard check evaluates");
        }
        tokens.Add(new Token(Kind.End, ""));
        return tokens;
    }

    private sealed class Parser(List<Token> tokens, IReadOnlyDictionary<string, object?> contexts)
    {
        private int position;

        private Token Peek => tokens[position];

        private Token Next() => tokens[position++];

        public void ExpectEnd()
        {
            if (Peek.Kind != Kind.End) throw new FormatException($"unexpected `{Peek.Text}` after the expression");
        }

        public object? ParseOr()
        {
            object? left = ParseAnd();
            while (Peek.Kind == Kind.Or)
            {
                Next();
                object? right = ParseAnd(); // both sides are parsed; the value follows GitHub's short-circuit rule
                left = Truthy(left) ? left : right;
            }
            return left;
        }

        private object? ParseAnd()
        {
            object? left = ParseEquality();
            while (Peek.Kind == Kind.And)
            {
                Next();
                object? right = ParseEquality();
                left = Truthy(left) ? right : left;
            }
            return left;
        }

        private object? ParseEquality()
        {
            object? left = ParseUnary();
            while (Peek.Kind is Kind.Equal or Kind.NotEqual)
            {
                bool equal = Next().Kind == Kind.Equal;
                object? right = ParseUnary();
                left = LooseEquals(left, right) == equal;
            }
            return left;
        }

        private object? ParseUnary()
        {
            if (Peek.Kind == Kind.Not)
            {
                Next();
                return !Truthy(ParseUnary());
            }
            return ParsePrimary();
        }

        private object? ParsePrimary()
        {
            Token token = Next();
            switch (token.Kind)
            {
                case Kind.LeftParen:
                    object? inner = ParseOr();
                    if (Next().Kind != Kind.RightParen) throw new FormatException("missing `)`");
                    return inner;
                case Kind.String:
                    return token.Text;
                case Kind.Number:
                    return double.Parse(token.Text, CultureInfo.InvariantCulture);
                case Kind.Identifier:
                    switch (token.Text)
                    {
                        case "true": return true;
                        case "false": return false;
                        case "null": return null;
                    }
                    if (Peek.Kind == Kind.LeftParen)
                        throw new NotSupportedException($"function `{token.Text}()` is beyond what this guard check evaluates");
                    if (!contexts.TryGetValue(token.Text, out object? value))
                        throw new NotSupportedException($"context `{token.Text}` is not one this guard check knows");
                    while (Peek.Kind == Kind.Dot)
                    {
                        Next();
                        Token property = Next();
                        if (property.Kind != Kind.Identifier) throw new FormatException($"a property name must follow `.`, not `{property.Text}`");
                        value = value is IReadOnlyDictionary<string, object?> map && map.TryGetValue(property.Text, out object? child) ? child : null;
                    }
                    return value;
                default:
                    throw new FormatException($"unexpected `{token.Text}`");
            }
        }
    }
}
