# Discords Befehlsbeschreibungen (höchstens 100 Zeichen) und Auswahlbeschriftungen.
# Befehlsnamen bleiben englisch (Nachrichten nennen sie als `/link` usw.); Optionsnamen deutsch.

cmd-link-desc = Verknüpfe dein Resonite-Konto mit deinem Discord-Konto.
cmd-unlink-desc = Hebe die Verknüpfung deines Resonite-Kontos mit deinem Discord-Konto auf.
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
