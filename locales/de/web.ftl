# Die Ergebnisseiten und die Startseite (Deutsch).

page-footer = resonite-verify · verknüpft Resonite-Konten mit Discord
landing-title = Resonite-Konten verknüpfen
landing-about = Dieser Server gehört zu einem Discord-Bot, der Discord-Mitglieder mit ihren Resonite-Konten verknüpft und ihnen Rollen anhand ihres Resonite-Profils gibt (Unterstützerstatus, Tags).
landing-how = Um dein Konto zu verknüpfen, gib { $command } auf dem Discord-Server ein und folge dem Button.
page-close = Du kannst diese Seite schließen und zu Discord zurückkehren.

linked-title = Konten verknüpft
linked-body = Dein Resonite-Konto { $resonite } ({ $resonite_id }) ist jetzt mit dem Discord-Konto { $discord } verknüpft.
linked-offer = In meinem Discord-Profil anzeigen
linked-back = Zurück zum Server in Discord

pushed-title = In deinem Discord-Profil angezeigt
pushed-body = Das Discord-Konto { $discord } zeigt jetzt das Resonite-Konto { $resonite } als Verbindung an und kann die verknüpften Rollen des Servers erhalten.
pushed-pending = Discord ist gerade ausgelastet: Dein Profil wird gleich aktualisiert, du musst nichts weiter tun.
note-pushed = Dein Discord-Profil zeigt jetzt dein Resonite-Konto an, und du kannst die verknüpften Rollen des Servers erhalten.
note-pushed-owed = Dein Discord-Profil zeigt dein Resonite-Konto gleich an (Discord ist ausgelastet).

not-found-title = Seite nicht gefunden
not-found-explanation = Unter dieser Adresse gibt es nichts.
not-found-next = Um dein Resonite-Konto zu verknüpfen, verwende /link in Discord.
too-long-title = Adresse zu lang
too-long-explanation = Diese Adresse ist länger als jeder Link, den der Bot erstellt.
too-long-next = Verwende /link in Discord, um einen neuen Link zu bekommen.

## Die Bestätigungsseite zwischen Resonite und der Verknüpfung

confirm-title = Diese Konten verknüpfen?
confirm-body = Das Resonite-Konto { $resonite } ({ $resonite_id }) mit dem Discord-Konto { $discord } verknüpfen?
confirm-body-server = Das Resonite-Konto { $resonite } ({ $resonite_id }) mit dem Discord-Konto { $discord } auf dem Server { $server } verknüpfen?
confirm-warning = Drücke nur auf Verknüpfen, wenn du das selbst mit /link in Discord gestartet hast. Wenn dir jemand diesen Link geschickt hat, drücke Abbrechen: Sonst bekäme diese Person dein Resonite-Konto und seine Rollen.
confirm-link = Verknüpfen
confirm-cancel = Abbrechen
confirm-expires = Nichts wird verknüpft, bevor du auf Verknüpfen drückst. Diese Seite funktioniert einmal und nur für begrenzte Zeit.
cancelled-title = Es wurde nichts verknüpft
cancelled-explanation = Du hast Abbrechen gedrückt: Es wurde kein Konto verknüpft und nichts geändert.
cancelled-next = Wenn du dein Konto doch verknüpfen willst, führe /link in Discord erneut aus.

## Eine Verknüpfung, die nicht abgeschlossen wurde

link-again = Führe /link in Discord erneut aus, um einen neuen Button zu bekommen.
link-try-later = Bitte versuch es in ein paar Minuten mit /link noch einmal.
link-denied-title = Verknüpfung abgebrochen
link-denied-explanation = Du hast den Zugriff bei Resonite abgelehnt, daher wurde nichts verknüpft.
link-denied-next = Falls das ein Versehen war, führe /link in Discord erneut aus.
link-provider-title = Resonite hat die Anfrage abgelehnt
link-provider-explanation = Resonite hat mit dem Fehler „{ $code }“ geantwortet. Es wurde nichts verknüpft.
link-incomplete-title = Unvollständiger Link
link-incomplete-explanation = Dieser Adresse fehlt ein Teil dessen, was Resonite zurückschickt.
link-expired-title = Dieser Link ist abgelaufen oder wurde bereits verwendet
link-expired-explanation = Jeder /link-Button funktioniert nur einmal und nur für begrenzte Zeit.
link-browser-title = Bestätige im Browser, mit dem du dich angemeldet hast
link-browser-explanation = Dieser Link gehört zu einem anderen Browser, oder dein Browser hat nicht zurückgeschickt, was beweist, dass es derselbe ist. Es wurde nichts verknüpft.
link-taken-title = Konto bereits verknüpft
link-taken-explanation = Das Resonite-Konto { $resonite } ist bereits mit einem anderen Discord-Konto verknüpft. Es wurde nichts geändert.
link-taken-next = Heb die Verknüpfung zuerst beim anderen Discord-Konto auf (/unlink) oder bitte einen Server-Admin um Hilfe.
link-resonite-title = Resonite konnte die Verknüpfung nicht abschließen
link-resonite-explanation = Bei der Verbindung mit Resonite ist etwas schiefgelaufen. Es wurde nichts verknüpft.
link-database-title = Bitte versuch es in einer Minute noch einmal
link-database-explanation = Die Datenbank des Bots antwortet gerade nicht, daher wurde nichts verknüpft. Dein /link-Button funktioniert weiterhin.
link-database-next = Warte eine Minute und drück dann denselben /link-Button in Discord noch einmal (oder führe /link aus).
link-database-confirm-explanation = Die Datenbank des Bots antwortet gerade nicht, deshalb wurde nichts verknüpft. Diese Bestätigung gilt noch eine Weile.
link-database-confirm-next = Warte eine Minute, geh dann zur vorherigen Seite zurück und drücke erneut auf Verknüpfen.
link-ours-title = Bei uns ist etwas schiefgelaufen
link-ours-explanation = Der Bot konnte die Verknüpfung nicht speichern. Es wurde nichts geändert.

## Discords verknüpfte Rollen, die nicht abgeschlossen wurden

connect-again = Öffne in Discord erneut die verknüpften Rollen des Servers (oder die Adresse dieser Seite), um von vorn zu beginnen.
connect-try-later = Bitte versuch es in ein paar Minuten noch einmal.
connect-denied-title = Verbindung abgebrochen
connect-denied-explanation = Du hast bei Discord abgelehnt, daher wurde nichts verbunden.
connect-provider-title = Discord hat die Anfrage abgelehnt
connect-provider-explanation = Discord hat mit einem Fehler geantwortet. Es wurde nichts verbunden.
connect-incomplete-title = Unvollständige Adresse
connect-incomplete-explanation = Dieser Adresse fehlt ein Teil dessen, was Discord zurückschickt.
connect-expired-title = Dieser Link ist abgelaufen oder wurde bereits verwendet
connect-expired-explanation = Jeder Aufruf der Discord-Autorisierung funktioniert nur einmal und nur für begrenzte Zeit.
connect-discord-title = Discord konnte die Verbindung nicht abschließen
connect-discord-explanation = Bei der Verbindung mit Discord ist etwas schiefgelaufen. Es wurde nichts verbunden.
connect-ours-title = Bei uns ist etwas schiefgelaufen
connect-ours-explanation = Der Bot konnte die Verbindung nicht speichern. Es wurde nichts geändert.
