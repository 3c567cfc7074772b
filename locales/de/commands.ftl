# Discords Befehlsbeschreibungen (höchstens 100 Zeichen) und Auswahlbeschriftungen.
# Befehlsnamen bleiben englisch (Nachrichten nennen sie als `/link` usw.); Optionsnamen deutsch.

cmd-link-desc = Verknüpfe dein Resonite-Konto mit deinem Discord-Konto.
cmd-unlink-desc = Hebe die Verknüpfung deines Resonite-Kontos auf (Admins: die eines anderen Mitglieds).
cmd-unlink-opt-user-desc = Mitglied, dessen Verknüpfung entfernt wird (braucht „Rollen verwalten“); leer: du
cmd-unlink-opt-user-name = mitglied
cmd-whois-desc = Zeigt das verknüpfte Resonite-Konto – deins oder das eines anderen Mitglieds.
cmd-whois-opt-user-desc = Das gesuchte Mitglied (braucht „Rollen verwalten“); leer: du selbst
cmd-whois-opt-user-name = mitglied
cmd-update-desc = Aktualisiere deine Rollen hier anhand deines verknüpften Resonite-Kontos (Admins: die anderer).
cmd-update-opt-user-desc = Das zu aktualisierende Mitglied (braucht „Rollen verwalten“); leer: du selbst
cmd-update-opt-user-name = mitglied
cmd-roles-desc = Welche Rollen verknüpfte Mitglieder durch ihr Resonite-Profil erhalten.
cmd-roles-add-desc = Gib verknüpften Mitgliedern eine Rolle, wenn ihr Resonite-Profil eine Bedingung erfüllt.
cmd-roles-add-opt-role-desc = Die zu vergebende Rolle
cmd-roles-add-opt-role-name = rolle
cmd-roles-add-opt-rule-desc = Die Bedingung an das Resonite-Profil
cmd-roles-add-opt-rule-name = regel
cmd-roles-add-opt-value-desc = tier/lifetime: Cent oder $; months: Monate; account-age: Tage; tag: das Tag
cmd-roles-add-opt-value-name = wert
cmd-roles-add-opt-group-desc = Exklusive Gruppe, z. B. tiers: Mitglieder behalten nur ihre höchste verdiente Rolle daraus
cmd-roles-add-opt-group-name = gruppe
cmd-roles-remove-desc = Eine Rolle nicht mehr vergeben (alle ihre Regeln oder eine Regelart).
cmd-roles-remove-opt-role-desc = Die Rolle
cmd-roles-remove-opt-role-name = rolle
cmd-roles-remove-opt-rule-desc = Nur Regeln dieser Art; leer: alle Regeln der Rolle
cmd-roles-remove-opt-rule-name = regel
cmd-roles-list-desc = Zeigt die Rollenregeln dieses Servers und alle, die der Bot gerade nicht anwenden kann.
cmd-config-desc = Die Einstellungen des Bots für diesen Server.
cmd-config-log-channel-desc = Verknüpfungen, Aufhebungen und Rollenänderungen in einen Kanal posten (leer: nicht mehr).
cmd-config-log-channel-opt-channel-desc = Der Kanal; leer lassen, um nicht mehr zu posten
cmd-config-log-channel-opt-channel-name = kanal
cmd-sync-desc = Prüft jetzt alle verknüpften Mitglieder dieses Servers erneut und korrigiert ihre Rollen.

## Auswahlbeschriftungen

choice-rule-linked = verknüpft
choice-rule-supporter = Unterstützer
choice-rule-patreon = Patreon-Unterstützer
choice-rule-tier-at-least = Stufe mindestens
choice-rule-lifetime-at-least = Gesamtbetrag mindestens
choice-rule-months-at-least = Monate mindestens
choice-rule-tag = Tag
choice-rule-neos-supporter = Neos-Unterstützer
choice-rule-account-age-at-least = Kontoalter mindestens (Tage)
choice-rule-unlinked = nicht verknüpft

## Verifizierungs-Einstellungen (issue 11)

cmd-whois-opt-resonite-desc = Oder ein Resonite-Name bzw. eine U-ID: wer hier damit verknüpft ist (braucht „Rollen verwalten“)
cmd-roles-preview-desc = Zeigt, was eine Regel (oder die jetzigen Regeln) ändern würde, ohne etwas zu ändern.
cmd-roles-preview-opt-role-desc = Die Rolle, die die Regel vergäbe (mit regel:); leer: die jetzigen Regeln prüfen
cmd-roles-preview-opt-role-name = rolle
cmd-roles-preview-opt-rule-desc = Die Bedingung an das Resonite-Profil
cmd-roles-preview-opt-rule-name = regel
cmd-roles-preview-opt-value-desc = tier/lifetime: Cent oder $; months: Monate; account-age: Tage; tag: das Tag
cmd-roles-preview-opt-value-name = wert
cmd-roles-preview-opt-group-desc = Eine exklusive Gruppe, z. B. tiers
cmd-roles-preview-opt-group-name = gruppe
cmd-config-bypass-role-desc = Mitglieder mit dieser Rolle ändert der Bot nie (leer: niemand ist ausgenommen).
cmd-config-bypass-role-opt-role-desc = Mitglieder mit dieser Rolle behalten Rollen und Nickname; leer lassen zum Aufheben
cmd-config-bypass-role-opt-role-name = rolle
cmd-config-nickname-desc = Nicknames verknüpfter Mitglieder aus einer Vorlage setzen (leer: nicht mehr verwalten).
cmd-config-nickname-opt-template-desc = z. B. {"{display} ({resonite})"}; auch {"{discord}"}. Leer: aufhören, Nicknames zurückgeben
cmd-config-nickname-opt-template-name = vorlage
cmd-doctor-desc = Prüft alles, was die Rollen dieses Servers richtig hält, mit der Lösung für jedes Problem.
