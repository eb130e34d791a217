using System.Net;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Email;

namespace Son1kVers3.Application.Email;

/// <summary>The account mails in Spanish and English, as plain text and HTML.</summary>
public static class AccountMails
{
    public static MailContent VerifyEmail(string locale, string link) => locale == Locales.English
        ? Render("Confirm your email address", "Confirm that this address is yours to finish setting up your Son1kVers3 account:", link, "Confirm my address",
            "If you did not ask for this, ignore this mail.")
        : Render("Confirma tu correo electrónico", "Confirma que esta dirección es tuya para terminar de configurar tu cuenta de Son1kVers3:", link, "Confirmar mi dirección",
            "Si no lo pediste, ignora este correo.");

    public static MailContent ResetPassword(string locale, string link) => locale == Locales.English
        ? Render("Reset your password", "Someone (hopefully you) asked to set a new password for your Son1kVers3 account. The link works once, for a short time:", link, "Choose a new password",
            "If you did not ask for this, ignore this mail: your password stays the same.")
        : Render("Restablece tu contraseña", "Alguien (esperamos que tú) pidió una nueva contraseña para tu cuenta de Son1kVers3. El enlace funciona una vez y por poco tiempo:", link, "Elegir una nueva contraseña",
            "Si no lo pediste, ignora este correo: tu contraseña no cambia.");

    public static MailContent EmailChanged(string locale, string newEmail) => locale == Locales.English
        ? Render("Your email address was changed", $"The email address of your Son1kVers3 account is now {newEmail}.", null, null,
            "If you did not make this change, contact us at once.")
        : Render("Tu correo electrónico cambió", $"El correo de tu cuenta de Son1kVers3 ahora es {newEmail}.", null, null,
            "Si no hiciste este cambio, contáctanos de inmediato.");

    private static MailContent Render(string subject, string intro, string? link, string? action, string footer)
    {
        var text = link is null ? $"{intro}\n\n{footer}\n" : $"{intro}\n\n{link}\n\n{footer}\n";
        var html = "<!DOCTYPE html><html><body style=\"font-family:sans-serif\">"
            + $"<p>{WebUtility.HtmlEncode(intro)}</p>"
            + (link is null ? string.Empty : $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(action)}</a></p>")
            + $"<p style=\"color:#666\">{WebUtility.HtmlEncode(footer)}</p></body></html>";
        return new MailContent(subject, text, html);
    }
}
