# Descriptions des commandes pour Discord (100 caractères au plus) et libellés des choix.
# Les noms de commandes restent en anglais (les messages les citent : `/link`…) ; les options sont traduites.

cmd-link-desc = Liez votre compte Resonite à votre compte Discord.
cmd-unlink-desc = Déliez votre compte Resonite de votre compte Discord (admins : celui d'un autre membre).
cmd-unlink-opt-user-desc = Le membre dont retirer le lien (nécessite Gérer les rôles) ; vous-même si vide
cmd-unlink-opt-user-name = membre
cmd-whois-desc = Affiche le compte Resonite auquel vous (ou un autre membre) êtes lié.
cmd-whois-opt-user-desc = Le membre à rechercher (nécessite Gérer les rôles) ; vous-même si vide
cmd-whois-opt-user-name = membre
cmd-update-desc = Met à jour vos rôles ici d'après votre compte Resonite lié (admins : ceux d'un autre membre).
cmd-update-opt-user-desc = Le membre à mettre à jour (nécessite Gérer les rôles) ; vous-même si vide
cmd-update-opt-user-name = membre
cmd-roles-desc = Les rôles que les membres liés obtiennent grâce à leur profil Resonite.
cmd-roles-add-desc = Attribue un rôle aux membres liés dont le profil Resonite remplit une condition.
cmd-roles-add-opt-role-desc = Le rôle à attribuer
cmd-roles-add-opt-role-name = rôle
cmd-roles-add-opt-rule-desc = La condition sur le profil Resonite
cmd-roles-add-opt-rule-name = règle
cmd-roles-add-opt-value-desc = tier/lifetime : centimes ou $ ; months : mois ; account-age : jours ; tag : le tag
cmd-roles-add-opt-value-name = valeur
cmd-roles-add-opt-group-desc = Un groupe exclusif, ex. tiers : un membre n'en garde que le plus haut rôle obtenu
cmd-roles-add-opt-group-name = groupe
cmd-roles-remove-desc = Cesse d'attribuer un rôle (toutes ses règles, ou un type de règle).
cmd-roles-remove-opt-role-desc = Le rôle
cmd-roles-remove-opt-role-name = rôle
cmd-roles-remove-opt-rule-desc = Seulement les règles de ce type ; toutes les règles du rôle si vide
cmd-roles-remove-opt-rule-name = règle
cmd-roles-list-desc = Affiche les règles de rôles du serveur, et celles que le bot ne peut pas appliquer.
cmd-config-desc = Les réglages du bot pour ce serveur.
cmd-config-log-channel-desc = Publie liaisons, déliaisons et changements de rôles dans un salon (vide : arrêter).
cmd-config-log-channel-opt-channel-desc = Le salon ; laissez vide pour ne plus rien publier
cmd-config-log-channel-opt-channel-name = salon
cmd-sync-desc = Revérifie maintenant tous les membres liés de ce serveur et corrige leurs rôles.

## Libellés des choix

choice-rule-linked = lié
choice-rule-supporter = soutien
choice-rule-patreon = soutien Patreon
choice-rule-tier-at-least = palier minimum
choice-rule-lifetime-at-least = total versé minimum
choice-rule-months-at-least = mois de soutien minimum
choice-rule-tag = tag
choice-rule-neos-supporter = soutien Neos
choice-rule-account-age-at-least = ancienneté du compte minimum (jours)
choice-rule-unlinked = non lié

## Contrôles de vérification (issue 11)

cmd-whois-opt-resonite-desc = Ou un pseudo Resonite ou un identifiant U- : qui ici y est lié (nécessite Gérer les rôles)
cmd-roles-preview-desc = Montre ce qu'une règle (ou les règles actuelles) changerait, sans rien changer.
cmd-roles-preview-opt-role-desc = Le rôle que la règle attribuerait (avec rule:) ; vide : les règles actuelles
cmd-roles-preview-opt-role-name = rôle
cmd-roles-preview-opt-rule-desc = La condition sur le profil Resonite
cmd-roles-preview-opt-rule-name = règle
cmd-roles-preview-opt-value-desc = tier/lifetime : centimes ou $ ; months : mois ; account-age : jours ; tag : le tag
cmd-roles-preview-opt-value-name = valeur
cmd-roles-preview-opt-group-desc = Un groupe exclusif, ex. tiers
cmd-roles-preview-opt-group-name = groupe
cmd-config-bypass-role-desc = Le bot ne modifie jamais les membres qui ont ce rôle (vide : personne n'est exempté).
cmd-config-bypass-role-opt-role-desc = Les membres avec ce rôle gardent rôles et pseudo ; laissez vide pour retirer
cmd-config-bypass-role-opt-role-name = rôle
cmd-config-nickname-desc = Définit le pseudo des membres liés d'après un modèle (vide : ne plus les gérer).
cmd-config-nickname-opt-template-desc = ex. {"{display} ({resonite})"} ; aussi {"{discord}"}. Vide : arrêter et rendre les pseudos
cmd-config-nickname-opt-template-name = modèle
cmd-doctor-desc = Vérifie tout ce qui garde justes les rôles de ce serveur, avec la solution à chaque problème.
