# Die Befehle der Admins: /roles, /config, /whois, /doctor (Deutsch, mit „du“).
# Variablen: siehe en-US/controls.ftl. Optionsnamen wie in commands.ftl (`rolle:`, `regel:`,
# `wert:`, `gruppe:`, `mitglied:`, `kanal:`, `vorlage:`; `resonite:` bleibt), denn so zeigt
# Discord sie deutschen Admins. Regelarten (`linked`, `tier-at-least` …), Platzhalter
# ({ "{resonite}" } …) und /Befehle bleiben, wie sie sind.

## /roles add, remove, list

roles-action = Das Verwalten von Rollenregeln
roles-value-invalid = `wert:` { $error }.
roles-group-taken = <@&{ $role }> ist bereits in der Gruppe `{ $group }`, und eine Rolle kann nur in einer Gruppe sein. Verwende `gruppe:{ $group }` oder entferne zuerst die Regeln der Rolle mit `/roles remove`.
roles-role-refused = `rolle:` Diese Rolle kann der Bot nicht verwenden: { $reason }.
roles-in-group = Sie gehört zur Gruppe `{ $group }`: Von deren Rollen behält ein Mitglied nur die höchste, die ihm zusteht.
roles-added-unlinked =
    { $count ->
        [one] Hinzugefügt: <@&{ $role }> für Mitglieder mit der Bedingung „{ $condition }“ (Bots erhalten sie nie). Der Bot prüft jetzt { $count } Mitglied hier; die Rolle wird entfernt, wenn jemand sein Konto verknüpft, zurückgegeben, wenn jemand die Verknüpfung aufhebt, und neuen Mitgliedern ohne Verknüpfung gegeben.
       *[other] Hinzugefügt: <@&{ $role }> für Mitglieder mit der Bedingung „{ $condition }“ (Bots erhalten sie nie). Der Bot prüft jetzt die { $count } Mitglieder hier; die Rolle wird entfernt, wenn jemand sein Konto verknüpft, zurückgegeben, wenn jemand die Verknüpfung aufhebt, und neuen Mitgliedern ohne Verknüpfung gegeben.
    }
roles-added =
    { $count ->
        [one] Hinzugefügt: <@&{ $role }> für verknüpfte Mitglieder mit der Bedingung „{ $condition }“. Der Bot wendet die Regel jetzt auf { $count } verknüpftes Mitglied hier an; neue Mitglieder erhalten die Rolle beim Verknüpfen.
       *[other] Hinzugefügt: <@&{ $role }> für verknüpfte Mitglieder mit der Bedingung „{ $condition }“. Der Bot wendet die Regel jetzt auf die { $count } verknüpften Mitglieder hier an; neue Mitglieder erhalten die Rolle beim Verknüpfen.
    }
roles-exists = <@&{ $role }> hat bereits die Regel „{ $condition }“; sie ist aktiv.
roles-remove-none = <@&{ $role }> hat keine Regeln.
roles-remove-none-kind = <@&{ $role }> hat keine Regeln der Art `{ $kind }`.
roles-removed =
    { $count ->
        [one] { $count } Regel für <@&{ $role }> entfernt. Mitglieder, die die Rolle haben, behalten sie; der Bot vergibt oder entfernt sie nicht mehr, außer eine andere Regel nennt sie.
       *[other] { $count } Regeln für <@&{ $role }> entfernt. Mitglieder, die die Rolle haben, behalten sie; der Bot vergibt oder entfernt sie nicht mehr, außer eine andere Regel nennt sie.
    }
roles-list-empty = Noch keine Rollenregeln. Füge eine mit `/roles add rolle: regel: [wert:]` hinzu, z. B. die Regel `patreon` für aktive Patreon-Unterstützer.
roles-list-head = **Rollenregeln** ({ $count })
# $reason: warum der Bot die Regel nicht mehr anwendet, wie gespeichert (englisch).
roles-list-disabled = deaktiviert: { $reason }
roles-list-withheld = wird nicht vergeben: Die Rolle hat eine gefährliche Berechtigung, und die Regel hat weder der Besitzer noch ein Administrator hinzugefügt (siehe `/doctor`)
roles-list-group = [Gruppe `{ $group }`]
roles-list-rule = • <@&{ $role }> ← { $condition }{ $group }
roles-list-rule-problem = • ⚠️ <@&{ $role }> ← { $condition }{ $group } — nicht anwendbar: { $problem }
roles-list-swept = Zuletzt erneut geprüft <t:{ $at }:R>.
roles-list-not-swept = Noch nicht erneut geprüft.
roles-list-pending =
    { $count ->
        [one] { $count } Mitglied wartet darauf, dass seine Rollen aktualisiert werden.
       *[other] { $count } Mitglieder warten darauf, dass ihre Rollen aktualisiert werden.
    }
roles-list-failed-head = ⚠️ Rollen, die sich einen Tag lang nicht aktualisieren ließen ({ $count }); `/update` für ein Mitglied versucht es erneut:
# $error: Discords eigene Worte (englisch).
roles-list-failed = • <@{ $user }>: { $error } (erstmals <t:{ $at }:R>)

## Was eine Regel von einem Profil verlangt

condition-linked = verknüpftes Resonite-Konto
condition-supporter = aktiver Resonite-Unterstützer
condition-patreon = aktiver Patreon-Unterstützer
condition-tier-at-least = aktuelle Stufe ≥ { $amount }
condition-lifetime-at-least = Unterstützung insgesamt ≥ { $amount }
condition-months-at-least =
    { $count ->
        [one] mindestens { $count } Monat lang unterstützt
       *[other] mindestens { $count } Monate lang unterstützt
    }
condition-tag = Tag `{ $tag }`
condition-neos-supporter = Patreon-Unterstützer aus der Neos-Zeit
condition-account-age-at-least =
    { $count ->
        [one] Konto mindestens { $count } Tag alt
       *[other] Konto mindestens { $count } Tage alt
    }
condition-unlinked = kein verknüpftes Resonite-Konto

## Warum ein wert: abgelehnt wurde

rule-error-unknown-kind = `{ $kind }` ist keine Regelart; verwende eine von: { $kinds }
rule-error-missing = die Regel `{ $kind }` braucht einen Wert: { $hint }
rule-error-unexpected = die Regel `{ $kind }` nimmt keinen Wert, angegeben wurde aber `{ $value }`; lass den Wert leer
rule-error-not-a-number = `{ $value }` ist kein gültiger Wert für die Regel `{ $kind }`; erwartet wird { $hint }
rule-error-negative = `{ $value }` ist negativ; die Regel `{ $kind }` braucht 0 oder mehr
rule-error-too-large = `{ $value }` ist zu groß für die Regel `{ $kind }`; sie nimmt höchstens { $max }
rule-error-empty-tag = das Tag ist leer; gib ein Resonite-Profil-Tag an, z. B. `mentor`
rule-error-tag-too-long = das Tag ist { $count } Zeichen lang; höchstens { $max } sind erlaubt
rule-hint-cents = Cent, z. B. 600 für $6, oder Dollar mit $-Zeichen, z. B. $6 oder $6.50
rule-hint-months = eine ganze Zahl von Monaten, z. B. 12
rule-hint-tag = ein Resonite-Profil-Tag, z. B. mentor oder team member
rule-hint-days = eine ganze Zahl von Tagen, z. B. 30
rule-hint-number = eine Zahl

## Warum eine gruppe: abgelehnt wurde

group-error-empty = `gruppe:` ist leer; gib einen Namen an, z. B. `tiers`, oder lass die Option weg
group-error-too-long = `gruppe:` ist { $count } Zeichen lang; höchstens { $max } sind erlaubt, z. B. `tiers`
group-error-bad-character = `gruppe:` darf nur Buchstaben, Ziffern, Leerzeichen, `-` und `_` enthalten; `{ $name }` enthält andere Zeichen, z. B. `tiers` ginge

## Warum der Bot eine Rolle nicht verwalten kann ($role: der Name der Rolle, z. B. @Patron)

refusal-everyone = @everyone hat jedes Mitglied; wähle eine Rolle, die sich Mitgliedern geben lässt
refusal-managed = { $role } wird von einer Integration verwaltet (einem Bot oder einem Abo); Discord lässt niemanden sie vergeben
refusal-above-bot = { $role } liegt auf Höhe oder über der höchsten Rolle des Bots; schieb die Rolle des Bots in Servereinstellungen → Rollen über { $role }
refusal-no-manage-roles = dem Bot fehlt die Berechtigung „Rollen verwalten“; gib sie der Rolle des Bots
refusal-deleted = diese Rolle gibt es nicht mehr

## /config

config-action = Das Ändern der Bot-Einstellungen
config-log-channel-set = Verknüpfungen, aufgehobene Verknüpfungen und Rollenänderungen werden in <#{ $channel }> gepostet. Achte darauf, dass der Bot dort Nachrichten senden kann (`/doctor` prüft das).
config-log-channel-off = Der Bot postet nicht mehr in einen Log-Kanal.
config-bypass-everyone = `rolle:` @everyone würde alle Mitglieder ausnehmen. Wähle eine Rolle, die nur manche Mitglieder haben, z. B. `rolle:@Staff`.
config-bypass-granted = `rolle:` <@&{ $role }> wird durch eine Regel vergeben; wer sie erhält, würde also nicht mehr aktualisiert. Wähle eine Rolle, die Admins von Hand vergeben, z. B. `rolle:@Staff`.
config-bypass-set = Mitglieder mit <@&{ $role }> ändert der Bot nie: Ihre Rollen und ihr Nickname bleiben, wie sie sind. `/whois` und `/roles preview` weisen darauf hin.
config-bypass-cleared = Keine Ausnahmerolle mehr: Jedes Mitglied erhält wieder die Rollen, die ihm zustehen.
config-bypass-none = Es ist keine Ausnahmerolle festgelegt.
config-nickname-not-managed = Der Bot verwaltet hier keine Nicknames.
config-nickname-off = Der Bot verwaltet keine Nicknames mehr.
config-nickname-off-given-back =
    { $count ->
        [one] Der Bot verwaltet keine Nicknames mehr. { $count } von ihm umbenanntes Mitglied erhält jetzt seinen vorherigen Nickname zurück (sofern es ihn nicht inzwischen geändert hat).
       *[other] Der Bot verwaltet keine Nicknames mehr. { $count } von ihm umbenannte Mitglieder erhalten jetzt ihren vorherigen Nickname zurück (sofern sie ihn nicht inzwischen geändert haben).
    }
config-nickname-invalid = `vorlage:` { $error }.
config-nickname-no-permission = Dem Bot fehlt die Berechtigung „Nicknames verwalten“ (Manage Nicknames): Servereinstellungen → Rollen → Rolle des Bots → „Nicknames verwalten“ aktivieren, dann den Befehl erneut ausführen. Es wurde nichts geändert.
# $nick: der Nickname, den die Vorlage dem Admin gibt, der sie eingegeben hat.
config-nickname-example-linked = deiner wäre **{ $nick }**
config-nickname-example = deiner wäre, verknüpft mit einem Resonite-Konto namens ResoniteName, **{ $nick }**
config-nickname-set =
    { $count ->
        [one] Nicknames verknüpfter Mitglieder folgen jetzt `{ $template }` — { $example }. Der Bot wendet das jetzt auf { $count } verknüpftes Mitglied hier an. Der Servereigentümer und Mitglieder, deren höchste Rolle über der des Bots liegt, behalten ihren (`/doctor` listet sie auf); alle erhalten ihren vorherigen Nickname zurück, wenn sie die Verknüpfung aufheben oder du die Vorlage löschst.
       *[other] Nicknames verknüpfter Mitglieder folgen jetzt `{ $template }` — { $example }. Der Bot wendet das jetzt auf die { $count } verknüpften Mitglieder hier an. Der Servereigentümer und Mitglieder, deren höchste Rolle über der des Bots liegt, behalten ihren (`/doctor` listet sie auf); alle erhalten ihren vorherigen Nickname zurück, wenn sie die Verknüpfung aufheben oder du die Vorlage löschst.
    }
template-error-unknown = `{ $name }` ist kein bekannter Platzhalter: Verwende { "{resonite}" } (Resonite-Benutzername), { "{discord}" } (Discord-Benutzername) oder { "{display}" } (Discord-Anzeigename), z. B. `{ "{display} ({resonite})" }`
template-error-unclosed = eine geschweifte Klammer `{ "{" }` wird nie geschlossen: Platzhalter sehen aus wie { "{resonite}" }, z. B. `{ "{display} ({resonite})" }`
template-error-empty = die Vorlage ergäbe einen leeren Nickname: Nimm einen Platzhalter auf, z. B. `{ "{resonite}" }`
template-error-too-long = die Vorlage ist { $count } Zeichen lang; höchstens { $max } (Nicknames werden ohnehin auf 32 gekürzt), z. B. `{ "{display} ({resonite})" }`
cause-settings = Bot-Einstellungen des Servers geändert

## /whois

whois-both = `mitglied:` und `resonite:`: Gib nur eines davon an, z. B. `/whois mitglied:@Mitglied` oder `/whois resonite:PatronUser`.
whois-needs-manage-roles = Um ein anderes Mitglied nachzuschlagen, brauchst du die Berechtigung „Rollen verwalten“. Dich selbst kannst du jederzeit mit /whois nachschlagen.
whois-linked-self = Du hast <t:{ $linked }:R> das Resonite-Konto **{ $username }** (`{ $resonite_id }`) verknüpft; zuletzt geprüft <t:{ $verified }:R>.
whois-linked-other = { $name } hat <t:{ $linked }:R> das Resonite-Konto **{ $username }** (`{ $resonite_id }`) verknüpft; zuletzt geprüft <t:{ $verified }:R>.
whois-not-linked-self = Du bist mit keinem Resonite-Konto verknüpft. Mit `/link` kannst du eines verknüpfen.
whois-not-linked-other = { $name } ist mit keinem Resonite-Konto verknüpft. Verknüpfen geht mit `/link`.
whois-stale = ⚠️ Resonite hat <t:{ $since }:R> aufgehört, diese Verknüpfung zu akzeptieren: Führe `/link` aus, um sie zu erneuern, sonst werden Unterstützer-Rollen nach der Schonfrist entfernt.
whois-linked-roles-active = Verknüpfte Rollen: aktiv (das Discord-Profil zeigt das Resonite-Konto und bleibt auf dem neuesten Stand).
whois-linked-roles-pushed-once = Verknüpfte Rollen: im Discord-Profil mit dem Stand beim Verknüpfen angezeigt (nicht aktualisiert: kein Token-Schlüssel gesetzt).
whois-linked-roles-pending = Verknüpfte Rollen: wird verbunden (Discord hat die Verbindung noch nicht übernommen).
whois-linked-roles-refused = Verknüpfte Rollen: inaktiv (Discord akzeptiert die Verbindung nicht mehr; verbinde sie erneut über „Verknüpfte Rollen“ des Servers).
whois-linked-roles-none = Verknüpfte Rollen: nicht verbunden.
whois-bypass = 🛡️ Hat die Ausnahmerolle <@&{ $role }>: Der Bot ändert hier weder Rollen noch Nickname.
whois-resonite-blank = `resonite:` Gib einen Resonite-Benutzernamen oder eine ID an, z. B. `resonite:PatronUser` oder `resonite:U-PatronUser`.
whois-resonite-server = `resonite:` Verwende das auf einem Server.
whois-resonite-needs-manage-roles = Um nachzuschlagen, wer mit einem Resonite-Konto verknüpft ist, brauchst du die Berechtigung „Rollen verwalten“.
whois-resonite-found = Das Resonite-Konto **{ $username }** (`{ $resonite_id }`) wurde <t:{ $linked }:R> von <@{ $user }> verknüpft; zuletzt geprüft <t:{ $verified }:R>.
whois-resonite-nobody = Niemand hier ist mit dem Resonite-Konto **{ $name }** verknüpft.

## /roles preview

preview-action = Die Vorschau von Rollenregeln
preview-needs-role = `rolle:` Gib an, welche Rolle die Regel vergeben würde, z. B. `/roles preview rolle:@Patron regel:patreon`.
preview-needs-rule = `regel:` Gib an, welche Bedingung die Rolle vergeben würde, z. B. `/roles preview rolle:@Patron regel:patreon`.
preview-stray-options = `wert:` und `gruppe:` gehören zu `regel:`, z. B. `/roles preview rolle:@Gold regel:tier-at-least wert:$25 gruppe:tiers`.
preview-head-rule = **Vorschau** von <@&{ $role }> ← { $condition }. Es wurde nichts geändert.
preview-head-rule-group = **Vorschau** von <@&{ $role }> ← { $condition } in der Gruppe `{ $group }`. Es wurde nichts geändert.
preview-head-current = **Vorschau** der jetzigen Regeln: was sich ändern würde, wenn sie jetzt angewendet würden. Es wurde nichts geändert.
preview-can-apply = ✅ Der Bot kann sie anwenden.
preview-cannot-apply = ❌ Der Bot könnte sie nicht anwenden: { $reason }.
preview-nothing =
    { $count ->
        [one] Kein Mitglied würde eine Rolle erhalten oder verlieren ({ $count } Mitglied geprüft).
       *[other] Kein Mitglied würde eine Rolle erhalten oder verlieren ({ $count } Mitglieder geprüft).
    }
# $names: bis zu zehn Erwähnungen, dann preview-more.
preview-gains =
    { $count ->
        [one] ➕ <@&{ $role }> an { $count } Mitglied: { $names }
       *[other] ➕ <@&{ $role }> an { $count } Mitglieder: { $names }
    }
preview-losses =
    { $count ->
        [one] ➖ <@&{ $role }> von { $count } Mitglied: { $names }
       *[other] ➖ <@&{ $role }> von { $count } Mitgliedern: { $names }
    }
preview-gains-refused =
    { $count ->
        [one] ➕ <@&{ $role }> an { $count } Mitglied (❌ der Bot kann das nicht: { $reason }): { $names }
       *[other] ➕ <@&{ $role }> an { $count } Mitglieder (❌ der Bot kann das nicht: { $reason }): { $names }
    }
preview-losses-refused =
    { $count ->
        [one] ➖ <@&{ $role }> von { $count } Mitglied (❌ der Bot kann das nicht: { $reason }): { $names }
       *[other] ➖ <@&{ $role }> von { $count } Mitgliedern (❌ der Bot kann das nicht: { $reason }): { $names }
    }
preview-more = und { $count } weitere
preview-bypassed =
    { $count ->
        [one] 🛡️ { $count } Mitglied mit der Ausnahmerolle <@&{ $role }> bliebe unverändert.
       *[other] 🛡️ { $count } Mitglieder mit der Ausnahmerolle <@&{ $role }> blieben unverändert.
    }
preview-incomplete = ⚠️ Nur verknüpfte Mitglieder wurden gezählt: Die Mitgliederliste ist nicht angekommen (aktiviere den Server Members Intent).
preview-cut = … (weitere Änderungen nicht angezeigt)

## /doctor: die Zeile jeder Prüfung und die Lösung, wenn etwas nicht stimmt

doctor-action = Das Ausführen der Checkliste
doctor-head = **Doctor**: was die Rollen dieses Servers richtig hält
doctor-manage-roles-ok = Der Bot hat „Rollen verwalten“.
doctor-manage-roles-missing = Dem Bot fehlt „Rollen verwalten“: Er kann keine Rolle vergeben oder entfernen.
doctor-manage-roles-fix = Servereinstellungen → Rollen → Rolle des Bots → „Rollen verwalten“ aktivieren.
doctor-no-rules = Noch keine Rollenregeln: Verknüpfen bringt keine Rolle.
doctor-no-rules-fix = Füge eine mit `/roles add rolle:@Linked regel:linked` hinzu.
doctor-roles-ok = Jede Rolle, die die Regeln vergeben ({ $count }), liegt unter der Rolle des Bots.
# $problems: die Rollen und der Grund, getrennt durch "; ".
doctor-roles-problems = Der Bot kann nicht zuweisen: { $problems }.
doctor-role-gone = eine Rolle, die es nicht mehr gibt
doctor-roles-fix = Zieh die Rolle des Bots über diese Rollen (Servereinstellungen → Rollen) oder entferne ihre Regeln mit `/roles remove`.
doctor-nicknames-no-permission = Nicknames folgen `{ $template }`, aber dem Bot fehlt „Nicknames verwalten“ (Manage Nicknames).
doctor-nicknames-no-permission-fix = Servereinstellungen → Rollen → Rolle des Bots → „Nicknames verwalten“ aktivieren.
doctor-nicknames-ok = Nicknames folgen `{ $template }`; der Bot kann jedes verknüpfte Mitglied umbenennen.
# $names: Erwähnungen mit Grund, z. B. "<@1> (Servereigentümer), <@2> (Rolle über der des Bots)".
doctor-nicknames-skipped = Nicknames folgen `{ $template }`, aber Discord lässt den Bot { $names } nicht umbenennen.
doctor-nicknames-skipped-more = Nicknames folgen `{ $template }`, aber Discord lässt den Bot { $names } und { $count } weitere nicht umbenennen.
doctor-skip-owner = <@{ $user }> (Servereigentümer)
doctor-skip-above = <@{ $user }> (Rolle über der des Bots)
doctor-nicknames-skipped-fix = Den Eigentümer kann niemand umbenennen; für die anderen zieh die Rolle des Bots über ihre.
doctor-bypass = Mitglieder mit <@&{ $role }> ändert der Bot nie.
doctor-log-none = Kein Log-Kanal: Verknüpfungen, aufgehobene Verknüpfungen und Rollenänderungen werden nirgends gepostet.
doctor-log-none-fix = Lege einen mit `/config log-channel kanal:#bot-log` fest.
doctor-log-ok = Der Bot kann im Log-Kanal <#{ $channel }> posten.
doctor-log-not-writable = Der Bot kann nicht im Log-Kanal <#{ $channel }> posten.
doctor-log-not-writable-fix = Gib der Rolle des Bots dort „Kanal ansehen“ und „Nachrichten senden“ oder wähle mit `/config log-channel` einen anderen Kanal.
doctor-log-unknown = Der Log-Kanal <#{ $channel }> konnte nicht geprüft werden (der Server ist noch nicht im Cache des Bots).
doctor-log-unknown-fix = Führe `/doctor` in einer Minute noch einmal aus.
doctor-log-missing = Den Log-Kanal ({ $channel }) gibt es nicht mehr.
doctor-log-missing-fix = Wähle einen anderen mit `/config log-channel kanal:#bot-log`.
doctor-members-ok = Die Mitgliederliste ist angekommen (Server Members Intent an).
doctor-members-missing = Die Mitgliederliste ist nicht angekommen: Die Regel `unlinked` und Vorschauen sehen nur verknüpfte Mitglieder.
doctor-members-missing-fix = Aktiviere den Server Members Intent (Developer Portal → Bot → Privileged Gateway Intents) und starte den Bot neu.
# $every: doctor-every-days/hours/minutes/seconds.
doctor-reverify-on = Die erneute Prüfung ist an: Jede Verknüpfung wird alle { $every } bei Resonite geprüft.
doctor-every-days = { $count } d
doctor-every-hours = { $count } h
doctor-every-minutes = { $count } min
doctor-every-seconds = { $count } s
doctor-reverify-off = Die erneute Prüfung ist aus: Die Rollen folgen dem Profil, wie es war, als das jeweilige Mitglied verknüpft hat.
doctor-reverify-off-fix = Der Betreiber des Bots setzt TOKEN_ENCRYPTION_KEY (siehe README) und startet ihn neu.
doctor-swept = Zuletzt erneut geprüft <t:{ $at }:R>.
doctor-not-swept = Noch nicht erneut geprüft.
doctor-not-swept-fix = Führe `/sync` aus, um jetzt alle erneut zu prüfen.
doctor-not-swept-nothing = Noch nicht erneut geprüft (es gibt nichts zu prüfen).
doctor-linked-roles-on = „Verknüpfte Rollen“ ist an: Mitglieder können Resonite mit ihrem Discord-Profil verbinden.
doctor-linked-roles-off = „Verknüpfte Rollen“ ist aus (der Betreiber schaltet es mit DISCORD_CLIENT_SECRET ein; optional).
doctor-stale-none = Keine veralteten Verknüpfungen.
doctor-stale =
    { $count ->
        [one] Bei { $count } Mitglied hier akzeptiert Resonite die Verknüpfung nicht mehr (veraltete Verknüpfung).
       *[other] Bei { $count } Mitgliedern hier akzeptiert Resonite die Verknüpfung nicht mehr (veraltete Verknüpfungen).
    }
doctor-stale-fix = Sie wurden aufgefordert, `/link` erneut auszuführen; ihre Unterstützer-Rollen werden nach der Schonfrist entfernt.
doctor-pending-none = Keine Rollenänderungen ausstehend.
doctor-pending =
    { $count ->
        [one] { $count } Mitglied wartet darauf, dass seine Rollen aktualisiert werden.
       *[other] { $count } Mitglieder warten darauf, dass ihre Rollen aktualisiert werden.
    }
doctor-pending-fix = Nichts zu tun, solange die Zahl sinkt; wenn nicht, prüfe die Zeilen oben (Berechtigungen, Reihenfolge der Rollen).
doctor-failed-none = Keine fehlgeschlagenen Rollenänderungen.
doctor-failed =
    { $count ->
        [one] Die Rollen von { $count } Mitglied ließen sich einen Tag lang nicht aktualisieren:
       *[other] Die Rollen von { $count } Mitgliedern ließen sich einen Tag lang nicht aktualisieren:
    }
# $error: Discords eigene Worte (englisch).
doctor-failed-member = • <@{ $user }>: { $error }
doctor-failed-fix = Behebe die Ursache oben und führe dann `/update mitglied:` für jedes Mitglied aus (oder `/sync`).

## Wer welche Rolle vergeben darf (Issue 23)

permission-administrator = Administrator
permission-manage-guild = Server verwalten
permission-manage-roles = Rollen verwalten
permission-ban-members = Mitglieder bannen
permission-kick-members = Mitglieder kicken
permission-manage-webhooks = Webhooks verwalten
rank-missing-manage-roles = dafür brauchst du die Berechtigung „Rollen verwalten“ aus deinen Rollen auf diesem Server
rank-missing-manage-guild = dafür brauchst du die Berechtigung „Server verwalten“ aus deinen Rollen auf diesem Server
rank-not-below = { $role } liegt nicht unter deiner höchsten Rolle, also darfst du sie nicht vom Bot vergeben lassen (dieselbe Regel wie bei Discord, wenn du eine Rolle von Hand gibst). Frag jemanden, dessen höchste Rolle darüber liegt, oder den Serverbesitzer.
rank-dangerous = { $role } hat { $permissions }: Eine Regel gäbe das jedem Mitglied, das sie erfüllt. Nur der Serverbesitzer oder ein Mitglied mit „Administrator“ darf sie hinzufügen.
roles-bypass-refused = `rolle:` <@&{ $role }> ist die Ausnahmerolle: Der Bot ändert ihre Inhaber nie, wer sie erhielte, wäre also für immer eingefroren. Wähle eine andere Rolle, oder entferne zuerst die Ausnahmerolle mit `/config bypass-role` (ohne Rolle) bzw. setze eine andere.
roles-vouched = <@&{ $role }> hatte die Regel „{ $condition }“ schon, hinzugefügt von jemandem, der weder Besitzer noch Administrator ist; jetzt ist sie deine, und der Bot vergibt die Rolle wieder.
whois-not-member = { $name } ist kein Mitglied dieses Servers.
doctor-rule-withheld = <@&{ $role }> hat { $permissions }, und die Regel dafür hat weder der Besitzer noch ein Administrator hinzugefügt: Der Bot vergibt sie nicht.
doctor-rule-withheld-fix = Der Serverbesitzer oder ein Administrator fügt die Regel mit `/roles add rolle:<@&{ $role }>` erneut hinzu, oder entferne sie mit `/roles remove`.
doctor-bypass-granted = Die Ausnahmerolle <@&{ $role }> wird auch durch eine Regel vergeben: Wer sie erhält, ist für immer eingefroren.
doctor-bypass-granted-fix = Entferne die Regel mit `/roles remove rolle:<@&{ $role }>`, oder setze mit `/config bypass-role` eine andere Ausnahmerolle.
