# Das Admin-Dashboard (/admin): Anmeldung, Server, Übersicht, Mitglieder, Regeln, Einstellungen, Protokoll.

admin-title = Dashboard
admin-skip = Zum Inhalt springen
admin-signed-in-as = Angemeldet als { $name }
admin-sign-out = Abmelden
admin-tabs-label = Serverseiten
admin-tab-overview = Übersicht
admin-servers-title = Deine Server
admin-servers-intro = Server, auf denen der Bot ist und du „Server verwalten“ hast:
admin-servers-none = Der Bot ist auf keinem Server, auf dem du „Server verwalten“ hast.
admin-overview-title = { $server }: Übersicht
admin-signed-out-title = Abgemeldet
admin-signed-out-explanation = Du bist vom Dashboard abgemeldet.
admin-sign-in-again = Erneut anmelden
admin-sign-in-next = Öffne /admin erneut, um dich anzumelden.
admin-try-later = Nichts wurde geändert. Versuche es in einer Minute erneut.
admin-csrf-title = Dieses Formular ist abgelaufen
admin-csrf-explanation = Es wurde nicht von der Seite dieser Sitzung gesendet, daher wurde nichts geändert.
admin-csrf-next = Lade die Seite neu und versuche es erneut.
admin-denied-title = Anmeldung abgebrochen
admin-denied-explanation = Discord hat dem Bot nicht gezeigt, wer du bist, daher bist du nicht angemeldet.
admin-incomplete-title = Anmeldung unvollständig
admin-incomplete-explanation = Discords Antwort war unvollständig, daher bist du nicht angemeldet.
admin-expired-title = Diese Anmeldung ist abgelaufen
admin-expired-explanation = Sie wurde schon verwendet oder hat zu lange gedauert.
admin-browser-title = Im selben Browser abschließen
admin-browser-explanation = Diese Anmeldung wurde in einem anderen Browser begonnen.
admin-discord-title = Discord hat nicht geantwortet
admin-discord-explanation = Der Bot konnte bei Discord nicht prüfen, welche Server du verwaltest.
admin-database-title = Die Datenbank antwortet nicht
admin-database-explanation = Der Bot kann seine Daten gerade nicht lesen oder schreiben.
admin-ours-title = Bei uns ist etwas schiefgelaufen
admin-ours-explanation = Der Bot konnte diese Anfrage nicht abschließen.
admin-fig-linked = verknüpfte Mitglieder
admin-fig-stale = veraltete Verknüpfungen
admin-fig-pending = ausstehende Rollenänderungen
admin-fig-failed = fehlgeschlagene Rollenänderungen
admin-fig-rules = Regeln
admin-chart-activity = Verknüpfungen und Trennungen pro Tag (letzte { $days } Tage)
admin-chart-activity-summary = { $links } Verknüpfungen und { $unlinks } Trennungen
admin-chart-links = Verknüpfungen
admin-chart-unlinks = Trennungen
admin-chart-none = Nichts in diesem Zeitraum.
admin-col-day = Tag
admin-tab-members = Mitglieder
admin-members-title = { $server }: Mitglieder
admin-members-search = Suche nach Resonite-Name, U-ID oder Discord-ID
admin-search = Suchen
admin-members-export = members.csv herunterladen
admin-members-caption = Verknüpfte Mitglieder, Seite { $page }
admin-members-none = Kein verknüpftes Mitglied passt.
admin-col-discord = Discord
admin-col-resonite = Resonite-Konto
admin-col-verified = Zuletzt geprüft
admin-col-roles = Vergebene Rollen
admin-col-changes = Rollenänderungen
admin-queue-done = angewendet
admin-queue-pending = ausstehend
admin-queue-failed = fehlgeschlagen
admin-retry = Erneut versuchen
admin-stale = (veraltet)
admin-pages-label = Seiten
admin-prev = Vorherige Seite
admin-next = Nächste Seite
admin-sync-now = Jetzt abgleichen
admin-sync-explanation = Wendet die Regeln erneut auf alle verknüpften Mitglieder an.
admin-tab-rules = Regeln
admin-rules-title = { $server }: Regeln
admin-rules-caption = Rollenregeln ({ $count })
admin-rules-none = Noch keine Rollenregeln. Füge unten eine hinzu.
admin-col-role = Rolle
admin-col-condition = Bedingung
admin-col-group = Gruppe
admin-col-holders = Mitglieder mit der Rolle
admin-col-state = Zustand
admin-col-actions = Aktionen
admin-rules-applies = wird angewendet
admin-rules-disabled = deaktiviert: { $reason }
admin-rules-withheld = nicht vergeben: Die Rolle trägt eine gefährliche Berechtigung und die Regel wurde nicht vom Eigentümer oder einem Administrator hinzugefügt
admin-rules-remove = Entfernen
admin-rules-remove-label = Die Regeln von { $role } entfernen
admin-rules-swept = Mitglieder wurden zuletzt am { $date } erneut geprüft.
admin-rules-not-swept = Mitglieder wurden noch nicht erneut geprüft.
admin-rules-needs-manage-roles = Rollenregeln zu ändern braucht die Berechtigung „Rollen verwalten“ aus deinen Rollen auf diesem Server.
admin-rules-add-title = Regel hinzufügen
admin-rules-field-role = Zu vergebende Rolle
admin-rules-pick = Rolle wählen
admin-rules-field-rule = Bedingung an das Resonite-Profil
admin-rules-field-value = Wert
admin-rules-field-group = Exklusive Gruppe
admin-rules-preview = Vorschau
admin-rules-add = Regel hinzufügen
admin-rules-pick-role = Wähle die Rolle, die die Regel vergibt.
admin-rules-added =
    { $count ->
        [one] Hinzugefügt: { $role } für Mitglieder mit { $condition }. { $count } verknüpftes Mitglied wird erneut geprüft.
       *[other] Hinzugefügt: { $role } für Mitglieder mit { $condition }. { $count } verknüpfte Mitglieder werden erneut geprüft.
    }
admin-rules-added-unlinked =
    { $count ->
        [one] Hinzugefügt: { $role } für Mitglieder mit { $condition }. { $count } Mitglied wird erneut geprüft.
       *[other] Hinzugefügt: { $role } für Mitglieder mit { $condition }. { $count } Mitglieder werden erneut geprüft.
    }
admin-rules-vouched = { $role } hatte diese Regel schon, hinzugefügt von jemandem, der weder Eigentümer noch Administrator ist; jetzt ist sie deine, und der Bot vergibt die Rolle wieder.
admin-rules-exists = { $role } hat diese Regel schon; sie ist aktiv.
admin-rules-in-group = Sie gehört zur Gruppe `{ $group }`: Von deren Rollen hat ein Mitglied nur die höchste, die es verdient.
admin-rules-removed =
    { $count ->
        [one] { $count } Regel von { $role } entfernt.
       *[other] { $count } Regeln von { $role } entfernt.
    }
admin-rules-remove-none = { $role } hat keine Regeln.
admin-rules-value-invalid = Wert: { $error }.
admin-rules-group-taken = { $role } gehört schon zur Gruppe `{ $group }`, und eine Rolle gehört zu höchstens einer Gruppe. Nimm die Gruppe `{ $group }` oder entferne zuerst die Regeln der Rolle.
admin-rules-bypass = { $role } ist die Ausnahmerolle: Der Bot ändert ihre Inhaber nie, wer sie verdient, wäre also für immer eingefroren. Wähle eine andere Rolle oder ändere zuerst die Ausnahmerolle in den Einstellungen.
admin-rules-role-refused = Der Bot kann diese Rolle nicht verwenden: { $reason }.
admin-preview-title = Vorschau
admin-preview-can-apply = Der Bot kann diese Regel anwenden.
admin-preview-cannot-apply = Der Bot kann diese Regel nicht anwenden: { $reason }.
admin-preview-nothing =
    { $count ->
        [one] Für das { $count } betrachtete Mitglied würde sich nichts ändern.
       *[other] Für die { $count } betrachteten Mitglieder würde sich nichts ändern.
    }
admin-preview-gains =
    { $count ->
        [one] { $role } würde { $count } Mitglied gegeben
       *[other] { $role } würde { $count } Mitgliedern gegeben
    }
admin-preview-losses =
    { $count ->
        [one] { $role } würde { $count } Mitglied genommen
       *[other] { $role } würde { $count } Mitgliedern genommen
    }
admin-preview-refused = (der Bot kann nicht: { $reason })
admin-preview-more = und { $count } weitere
admin-preview-bypassed = { $count } Mitglieder haben die Ausnahmerolle { $role } und bleiben unberührt.
admin-preview-incomplete = Nur die auf dem Server gefundenen verknüpften Mitglieder wurden betrachtet: Der Bot hat die vollständige Mitgliederliste nicht erhalten.
admin-preview-note = Eine Vorschau ändert nichts.
admin-tab-settings = Einstellungen
admin-settings-title = { $server }: Einstellungen
admin-settings-save = Speichern
admin-settings-log-channel = Protokollkanal
admin-settings-log-channel-hint = Die ID des Textkanals, in dem Verknüpfungen, Trennungen und Rollenänderungen gemeldet werden (in Discord: Rechtsklick auf den Kanal → Kanal-ID kopieren). Leer: nirgends.
admin-settings-bypass = Ausnahmerolle
admin-settings-bypass-hint = Mitglieder mit dieser Rolle ändert der Bot nie: Ihre Rollen und ihr Spitzname bleiben, wie sie sind.
admin-settings-bypass-none = Keine Ausnahmerolle
admin-settings-nickname = Spitznamen-Vorlage
admin-settings-nickname-hint = Zum Beispiel `{ "{display} ({resonite})" }`; auch `{ "{discord}" }`. Leer: Der Bot hört auf und gibt die Spitznamen zurück.
admin-settings-needs-manage-guild = Die Einstellungen zu ändern braucht die Berechtigung „Server verwalten“ aus deinen Rollen auf diesem Server.
admin-settings-not-an-id = Das ist keine ID: Gib die Ziffern der ID an oder lass das Feld leer.
admin-settings-log-set = Verknüpfungen, Trennungen und Rollenänderungen werden im Kanal { $channel } gemeldet. Stelle sicher, dass der Bot dort schreiben darf.
admin-settings-bypass-set = Mitglieder mit der Ausnahmerolle ändert der Bot nie: Ihre Rollen und ihr Spitzname bleiben, wie sie sind.
admin-settings-bypass-everyone = @everyone würde jedes Mitglied ausnehmen. Wähle eine Rolle, die nur manche Mitglieder haben.
admin-settings-bypass-granted = Eine Regel vergibt diese Rolle, wer sie verdient, würde also nicht mehr aktualisiert. Wähle eine Rolle, die Admins von Hand vergeben.
admin-settings-nickname-set =
    { $count ->
        [one] Spitznamen folgen jetzt `{ $template }`; deiner würde `{ $nick }` lauten. { $count } verknüpftes Mitglied wird erneut geprüft.
       *[other] Spitznamen folgen jetzt `{ $template }`; deiner würde `{ $nick }` lauten. { $count } verknüpfte Mitglieder werden erneut geprüft.
    }
admin-settings-nickname-invalid = Vorlage: { $error }.
admin-settings-nickname-no-permission = Dem Bot fehlt die Berechtigung „Spitznamen verwalten“: Servereinstellungen → Rollen → die Rolle des Bots → „Spitznamen verwalten“ einschalten, dann erneut speichern. Nichts wurde geändert.
admin-tab-audit = Protokoll
admin-audit-title = { $server }: Protokoll
admin-audit-filter = Nur dieses Mitglied (Discord-ID)
admin-audit-caption = Was der Bot hier getan hat, neueste zuerst, Seite { $page }
admin-audit-none = Nichts aufgezeichnet.
admin-col-time = Zeit
admin-col-action = Aktion
admin-col-actor = Von
admin-col-detail = Einzelheiten
