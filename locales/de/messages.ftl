# Verknüpfen per Nachricht: was /link dafür zeigt, und die Antworten des Bots in Resonite.
link-intro-message = Verknüpfe dein Resonite-Konto mit einer Nachricht in Resonite. Deine Rollen folgen, sobald du verknüpft bist.
link-by-message = **Per Nachricht in Resonite verknüpfen:**
    1. Füge **{ $bot }** in Resonite als Kontakt hinzu.
    2. Schicke ihm diesen Code als Nachricht: `{ $code }`
link-code-expires =
    { $minutes ->
        [one] Der Code gilt einmal, { $minutes } Minute lang.
       *[other] Der Code gilt einmal, { $minutes } Minuten lang.
    }
link-or-sign-in = **Oder melde dich bei Resonite an** – mit dem Knopf unten.
msg-linked = Verknüpft: dein Resonite-Konto ist jetzt mit dem Discord-Konto { $discord } verknüpft. Nicht du? Antworte innerhalb eines Tages mit undo, um die Verknüpfung zu entfernen.
msg-code-unknown = Diesen Code kenne ich nicht. Prüfe den Code in deiner /link-Antwort auf Discord (er sieht aus wie K7Q2-M9XD-4HTW).
msg-code-expired = Dieser Code ist abgelaufen. Führe /link auf Discord erneut aus, um einen neuen zu bekommen.
msg-code-used = Dieser Code wurde schon benutzt. Führe /link auf Discord erneut aus, um einen neuen zu bekommen.
msg-account-taken = Dein Resonite-Konto ist schon mit einem anderen Discord-Konto verknüpft. Hebe das dort zuerst auf (/unlink) und führe dann /link erneut aus.
msg-too-many = Zu viele falsche Codes: Ich lese deine Nachrichten die nächsten { $minutes } Minuten nicht.
msg-help = Hallo! Ich verknüpfe Resonite-Konten mit Discord. Führe /link auf dem Discord-Server aus und schicke mir den Code, den es zeigt (wie K7Q2-M9XD-4HTW).
msg-undone = Erledigt: die Verknüpfung deines Resonite-Kontos mit Discord wurde entfernt.
msg-undo-nothing = Nichts rückgängig zu machen: am letzten Tag wurde keine Verknüpfung per Nachricht von deinem Konto gemacht.
msg-failed = Bei mir ist etwas schiefgegangen, nichts wurde verknüpft. Schicke den Code bitte in einer Minute noch einmal.
