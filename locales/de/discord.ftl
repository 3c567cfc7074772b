# Antworten, Log-Kanal und DMs auf Discord (Deutsch, mit „du“). Variablen: siehe en-US/discord.ftl.

## Fehler, die jeder Befehl melden kann

error-database-away = Die Datenbank des Bots antwortet gerade nicht; bitte versuch es in einer Minute noch einmal.
error-internal = Beim Bot ist etwas schiefgelaufen. Der Fehler wurde protokolliert; bitte versuch es gleich noch einmal.
error-use-in-server = Verwende das auf einem Server.
error-needs-manage-roles = { $what } erfordert die Berechtigung „Rollen verwalten“.
error-needs-manage-guild = { $what } erfordert die Berechtigung „Server verwalten“.

## /link und /unlink

link-slash-only = Verwende /link als Slash-Befehl.
link-already =
    Du bist mit dem Resonite-Konto **{ $username }** (`{ $resonite_id }`) verknüpft.
    Um ein anderes Konto zu verknüpfen (oder dieses zu erneuern), melde dich über den Button unten bei Resonite an.
link-intro = Melde dich über den Button unten bei Resonite an und erlaube den Zugriff. Deine Rollen folgen, sobald du verknüpft bist.
link-button-expires =
    { $minutes ->
        [one] Der Button funktioniert einmal, { $minutes } Minute lang.
       *[other] Der Button funktioniert einmal, { $minutes } Minuten lang.
    }
link-button = Mit Resonite verknüpfen
linked-head = ✅ Mit dem Resonite-Konto **{ $username }** (`{ $resonite_id }`) verknüpft.
linked-replaces = Das ersetzt deine bisherige Verknüpfung mit **{ $old_username }**.
roles-on-their-way = Deine Rollen sind unterwegs: Sie folgen gleich, du musst nichts weiter tun.
link-failed-denied = ❌ Die Verknüpfung wurde nicht abgeschlossen: Du hast bei Resonite abgelehnt. Führe `/link` aus, um es noch einmal zu versuchen.
link-failed-taken = ❌ Die Verknüpfung wurde nicht abgeschlossen: Das Resonite-Konto **{ $username }** ist bereits mit einem anderen Discord-Konto verknüpft. Führe `/link` aus, um es noch einmal zu versuchen.
link-failed-database = ❌ Die Verknüpfung wurde nicht abgeschlossen: Die Datenbank des Bots antwortet gerade nicht; derselbe Button funktioniert in einer Minute wieder. Führe `/link` aus, um es noch einmal zu versuchen.
link-failed-resonite = ❌ Die Verknüpfung wurde nicht abgeschlossen: Resonite konnte sie nicht abschließen. Führe `/link` aus, um es noch einmal zu versuchen.
unlink-done = Die Verknüpfung mit dem Resonite-Konto **{ $username }** ist aufgehoben. Mit `/link` kannst du wieder verknüpfen.
unlink-roles-pending = Die Rollen, die der Bot verwaltet, werden entfernt; das kann einen Moment dauern.
unlink-none = Du hast kein verknüpftes Resonite-Konto. Mit `/link` kannst du eines verknüpfen.

## /update

update-use-in-server = Verwende /update auf einem Server.
update-needs-manage-roles = Um ein anderes Mitglied zu aktualisieren, brauchst du die Berechtigung „Rollen verwalten“. Dich selbst kannst du jederzeit mit /update aktualisieren.
update-queued = Deine Anfrage ist eingereiht: Die Rollen folgen innerhalb einer Minute (Discord antwortet gerade langsam).
update-not-member-self = Du bist kein Mitglied dieses Servers.
update-not-member-other = Dieser Benutzer ist kein Mitglied dieses Servers.
update-not-linked-self = Du bist mit keinem Resonite-Konto verknüpft, daher gibt es keine Rollen durch Verknüpfung. Mit `/link` kannst du eines verknüpfen.
update-not-linked-other = { $name } ist mit keinem Resonite-Konto verknüpft, daher gibt es keine Rollen durch Verknüpfung. Verknüpft wird mit `/link`.
update-done = Rollen aktualisiert.
update-up-to-date = Die Rollen sind bereits auf dem neuesten Stand.
update-retrying = Discord hat bei einigen Rollen nicht geantwortet; der Bot versucht es weiter.

## /sync

sync-action = Das Synchronisieren aller Mitglieder
sync-starting = Synchronisierung: wird gestartet…
sync-progress = Synchronisierung läuft: { $done }/{ $total } verknüpfte Konten geprüft, { $changed } mit Rollenänderungen, { $errors } Fehler.
sync-finished = Synchronisierung abgeschlossen: { $done }/{ $total } verknüpfte Konten geprüft, { $changed } mit Rollenänderungen, { $errors } Fehler.
sync-no-key = Die erneute Prüfung bei Resonite ist aus (kein TOKEN_ENCRYPTION_KEY): Die Rollen wurden anhand der Profile synchronisiert, die beim Verknüpfen gespeichert wurden.
sync-already-running = Für diesen Server läuft bereits eine Synchronisierung; ihre Nachricht zeigt den Fortschritt. Versuch es noch einmal, wenn sie fertig ist.

## Was eine Synchronisierung getan hat (für das Mitglied)

report-granted = Vergebene Rollen: { $roles }
report-removed = Entfernte Rollen: { $roles }
report-failed = { $role } konnte nicht geändert werden: { $why }
report-role-unknown = Rolle { $role }
report-list-separator = {", "}
report-why-permissions = Der Bot darf das nicht (ein Server-Admin kann die Rolle des Bots weiter nach oben schieben)
report-why-deleted = Die Rolle wurde gelöscht
report-why-transient = Discord hat nicht geantwortet; der Bot versucht es weiter
report-why-not-member = Das Mitglied ist nicht auf dem Server
report-why-other = Discord hat abgelehnt ({ $error })

## Der Log-Kanal (in der Sprache des Servers)

log-linked = 🔗 <@{ $user }> hat das Resonite-Konto **{ $username }** (`{ $resonite_id }`) verknüpft
log-relinked = 🔗 <@{ $user }> hat das Resonite-Konto **{ $username }** (`{ $resonite_id }`) verknüpft, anstelle von **{ $old_username }**
log-unlinked = ⛓️‍💥 <@{ $user }> hat die Verknüpfung mit dem Resonite-Konto **{ $username }** (`{ $resonite_id }`) aufgehoben
log-roles-changed = <@{ $user }> ({ $cause }): { $changes }
log-role-deleted = ⚠️ Die Rolle { $role } wurde gelöscht: Ihre Regeln sind jetzt deaktiviert. Entferne sie mit `/roles remove` oder lege Regeln für eine andere Rolle an.
log-missing-permissions = ⚠️ <@&{ $role }> konnte bei <@{ $user }> nicht geändert werden: Gib dem Bot „Rollen verwalten“ und schieb seine Rolle über <@&{ $role }>.
log-change-failed = ⚠️ <@&{ $role }> konnte bei <@{ $user }> nicht geändert werden: { $error }.
log-gave-up = ⚠️ Die Rollen von <@{ $user }> ließen sich einen Tag lang nicht aktualisieren ({ $error }); der Bot versucht es nicht mehr. `/update` versucht es erneut, und `/roles list` zeigt, was weiterhin fehlschlägt.
cause-linked = Resonite-Konto verknüpft
cause-unlinked = Resonite-Verknüpfung aufgehoben
cause-update = Rollen auf Anfrage aktualisiert
cause-joined = dem Server beigetreten
cause-sweep = erneut geprüft
cause-rules = Rollenregeln des Servers geändert

## Direktnachrichten (in der Sprache des /link)

dm-link-stale =
    { $grace_days ->
        [one] Deine Resonite-Verknüpfung (**{ $username }**) muss erneuert werden: Resonite akzeptiert den Zugriff des Bots nicht mehr. Führe `/link` auf dem Server aus, um deine Rollen zu behalten; sonst werden Unterstützer-Rollen nach { $grace_days } Tag entfernt.
       *[other] Deine Resonite-Verknüpfung (**{ $username }**) muss erneuert werden: Resonite akzeptiert den Zugriff des Bots nicht mehr. Führe `/link` auf dem Server aus, um deine Rollen zu behalten; sonst werden Unterstützer-Rollen nach { $grace_days } Tagen entfernt.
    }
dm-linked-roles-disconnected = Die Resonite-Verbindung in deinem Discord-Profil wird nicht mehr aktualisiert: Discord akzeptiert den Zugriff des Bots nicht mehr. Um sie wiederherzustellen, öffne das Servermenü → Verknüpfte Rollen und wähle die Verbindung resonite-verify erneut aus (oder nutze den Link auf der Ergebnisseite von `/link`).

## Wer was über den Bot darf (Issue 23)

error-permission-from-roles = Es zählen die Berechtigungen deiner Rollen auf diesem Server; eine, die nur in einem Kanal gilt, zählt nicht.
unlink-confirm = Die Verknüpfung mit dem Resonite-Konto **{ $username }** aufheben? Der Bot vergisst die Verknüpfung und nimmt dir auf allen Servern die Rollen, die er dir gegeben hat. Nichts ändert sich, bis du **Aufheben** drückst.
unlink-confirm-button = Aufheben
unlink-cancel-button = Verknüpfung behalten
unlink-cancelled = Nichts geändert: Deine Verknüpfung bleibt.
unlink-not-yours = Dieser Knopf gehört zum `/unlink` von jemand anderem.
unlink-action = Die Verknüpfung eines anderen Mitglieds aufzuheben
unlink-user-none = <@{ $user }> hat kein verknüpftes Resonite-Konto.
unlink-user-done = Die Verknüpfung von <@{ $user }> mit dem Resonite-Konto **{ $username }** ist aufgehoben.
unlink-user-told = Das Mitglied wurde per DM informiert.
unlink-user-not-told = Das Mitglied konnte nicht per DM informiert werden (seine DMs sind geschlossen).
dm-unlinked-by-admin = Ein Admin von **{ $server }** hat die Verknüpfung deines Discord-Kontos mit dem Resonite-Konto **{ $username }** aufgehoben; die Rollen, die sie dir gebracht hat, werden entfernt. Mit `/link` auf dem Server kannst du wieder verknüpfen.
