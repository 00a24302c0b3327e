using Bridgehead.Sip;
using Bridgehead.Sip.Digest;
using Microsoft.Extensions.Options;

namespace Bridgehead.Routing;

/// <summary>Checks what data annotations cannot: URIs parse, expiry bounds are ordered, algorithms are known.</summary>
public sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ProxyOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.DefaultRoute) && (!SipUri.TryParse(options.DefaultRoute, out var uri) || !uri.IsSip))
        {
            errors.Add($"Proxy:DefaultRoute '{options.DefaultRoute}' is not a SIP URI (e.g. sip:10.0.0.10:5060).");
        }

        foreach (var domain in options.Domains)
        {
            if (string.IsNullOrWhiteSpace(domain) || domain.Any(c => char.IsWhiteSpace(c) || c is '@' or ';' or ':' && !domain.Contains('[', StringComparison.Ordinal)))
            {
                errors.Add($"Proxy:Domains entry '{domain}' is not a host name or address.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public sealed class RegistrarOptionsValidator : IValidateOptions<RegistrarOptions>
{
    public ValidateOptionsResult Validate(string? name, RegistrarOptions options)
    {
        var errors = new List<string>();
        if (options.MinExpires > options.MaxExpires)
        {
            errors.Add($"Registrar:MinExpires ({options.MinExpires}) is above Registrar:MaxExpires ({options.MaxExpires}).");
        }

        if (options.DefaultExpires < options.MinExpires || options.DefaultExpires > options.MaxExpires)
        {
            errors.Add($"Registrar:DefaultExpires ({options.DefaultExpires}) is outside [{options.MinExpires}, {options.MaxExpires}].");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new List<string>();
        if (options.Algorithms.Count == 0)
        {
            errors.Add("Auth:Algorithms is empty; offer SHA-256 and/or MD5.");
        }

        foreach (var algorithm in options.Algorithms)
        {
            if (!DigestAlgorithms.TryParse(System.Text.Encoding.ASCII.GetBytes(algorithm), out _) || string.IsNullOrEmpty(algorithm))
            {
                errors.Add($"Auth:Algorithms entry '{algorithm}' is not supported (SHA-256, MD5).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
