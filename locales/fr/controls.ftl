# Les commandes des admins : /roles, /config, /whois, /doctor (français, vouvoiement).
# Variables : voir en-US/controls.ftl. Noms d'options comme dans commands.ftl (`rôle:`,
# `règle:`, `valeur:`, `groupe:`, `membre:`, `salon:`, `modèle:` ; `resonite:` reste tel quel),
# car c'est ainsi que Discord les affiche aux admins francophones. Types de règles (`linked`,
# `tier-at-least` …), variables ({ "{resonite}" } …) et /commandes restent tels quels.

## /roles add, remove, list

roles-action = La gestion des règles de rôles
roles-value-invalid = `valeur:` { $error }.
roles-group-taken = <@&{ $role }> fait déjà partie du groupe `{ $group }`, et un rôle ne peut appartenir qu'à un seul groupe. Utilisez `groupe:{ $group }`, ou retirez d'abord les règles du rôle avec `/roles remove`.
roles-role-refused = `rôle:` le bot ne peut pas utiliser ce rôle : { $reason }.
roles-in-group = Il fait partie du groupe `{ $group }` : parmi les rôles du groupe, un membre ne garde que le plus élevé qu'il obtient.
roles-added-unlinked =
    { $count ->
        [one] Ajouté : <@&{ $role }> pour les membres remplissant la condition « { $condition } » (jamais pour les bots). Le bot vérifie maintenant { $count } membre ici ; le rôle est retiré quand un membre lie son compte, rendu quand il le délie, et donné à ceux qui rejoignent le serveur sans compte lié.
       *[other] Ajouté : <@&{ $role }> pour les membres remplissant la condition « { $condition } » (jamais pour les bots). Le bot vérifie maintenant les { $count } membres ici ; le rôle est retiré quand un membre lie son compte, rendu quand il le délie, et donné à ceux qui rejoignent le serveur sans compte lié.
    }
roles-added =
    { $count ->
        [one] Ajouté : <@&{ $role }> pour les membres liés remplissant la condition « { $condition } ». Le bot l'applique maintenant à { $count } membre lié ici ; les nouveaux membres l'obtiendront en liant leur compte.
       *[other] Ajouté : <@&{ $role }> pour les membres liés remplissant la condition « { $condition } ». Le bot l'applique maintenant aux { $count } membres liés ici ; les nouveaux membres l'obtiendront en liant leur compte.
    }
roles-exists = <@&{ $role }> a déjà la règle « { $condition } » ; elle est active.
roles-remove-none = <@&{ $role }> n'a aucune règle.
roles-remove-none-kind = <@&{ $role }> n'a aucune règle `{ $kind }`.
roles-removed =
    { $count ->
        [one] { $count } règle retirée pour <@&{ $role }>. Les membres qui ont ce rôle le gardent ; le bot ne l'ajoute ni ne le retire plus, sauf si une autre règle le désigne.
       *[other] { $count } règles retirées pour <@&{ $role }>. Les membres qui ont ce rôle le gardent ; le bot ne l'ajoute ni ne le retire plus, sauf si une autre règle le désigne.
    }
roles-list-empty = Aucune règle de rôle pour l'instant. Ajoutez-en une avec `/roles add rôle: règle: [valeur:]`, par ex. la règle `patreon` pour les soutiens Patreon actifs.
roles-list-head = **Règles de rôles** ({ $count })
# $reason : pourquoi le bot a cessé d'appliquer la règle, tel qu'enregistré (en anglais).
roles-list-disabled = désactivée : { $reason }
roles-list-withheld = non attribué : le rôle porte une permission dangereuse et la règle n'a été ajoutée ni par le propriétaire ni par un Administrateur (voir `/doctor`)
roles-list-group = [groupe `{ $group }`]
roles-list-rule = • <@&{ $role }> ← { $condition }{ $group }
roles-list-rule-problem = • ⚠️ <@&{ $role }> ← { $condition }{ $group } — inapplicable : { $problem }
roles-list-swept = Dernière revérification <t:{ $at }:R>.
roles-list-not-swept = Pas encore revérifié.
roles-list-pending =
    { $count ->
        [one] { $count } membre attend que ses rôles soient appliqués.
       *[other] { $count } membres attendent que leurs rôles soient appliqués.
    }
roles-list-failed-head = ⚠️ Rôles qui n'ont pas pu être appliqués pendant une journée ({ $count }) ; `/update` sur un membre réessaie :
# $error : les mots de Discord (en anglais).
roles-list-failed = • <@{ $user }> : { $error } (premier échec <t:{ $at }:R>)

## Ce qu'une règle demande à un profil

condition-linked = compte Resonite lié
condition-supporter = soutien Resonite actif
condition-patreon = soutien Patreon actif
condition-tier-at-least = palier actuel ≥ { $amount }
condition-lifetime-at-least = soutien total ≥ { $amount }
condition-months-at-least =
    { $count ->
        [one] au moins { $count } mois de soutien
       *[other] au moins { $count } mois de soutien
    }
condition-tag = tag `{ $tag }`
condition-neos-supporter = soutien Patreon de l'époque Neos
condition-account-age-at-least =
    { $count ->
        [one] compte créé depuis au moins { $count } jour
       *[other] compte créé depuis au moins { $count } jours
    }
condition-unlinked = aucun compte Resonite lié

## Pourquoi une valeur: a été refusée

rule-error-unknown-kind = `{ $kind }` n'est pas un type de règle ; utilisez l'un de ceux-ci : { $kinds }
rule-error-missing = la règle `{ $kind }` demande une valeur : { $hint }
rule-error-unexpected = la règle `{ $kind }` ne prend pas de valeur, mais `{ $value }` a été indiqué ; laissez la valeur vide
rule-error-not-a-number = `{ $value }` n'est pas une valeur valide pour la règle `{ $kind }` ; attendu : { $hint }
rule-error-negative = `{ $value }` est négatif ; la règle `{ $kind }` demande 0 ou plus
rule-error-too-large = `{ $value }` est trop grand pour la règle `{ $kind }` ; elle accepte au maximum { $max }
rule-error-empty-tag = le tag est vide ; indiquez un tag de profil Resonite, par ex. `mentor`
rule-error-tag-too-long = le tag fait { $count } caractères ; le maximum est { $max }
rule-hint-cents = des centimes, par ex. 600 pour $6, ou des dollars avec le signe $, par ex. $6 ou $6.50
rule-hint-months = un nombre entier de mois, par ex. 12
rule-hint-tag = un tag de profil Resonite, par ex. mentor ou team member
rule-hint-days = un nombre entier de jours, par ex. 30
rule-hint-number = un nombre

## Pourquoi un groupe: a été refusé

group-error-empty = `groupe:` est vide ; donnez un nom comme `tiers`, ou n'utilisez pas l'option
group-error-too-long = `groupe:` fait { $count } caractères ; le maximum est { $max }, par ex. `tiers`
group-error-bad-character = `groupe:` ne peut contenir que des lettres, des chiffres, des espaces, `-` et `_` ; ce n'est pas le cas de `{ $name }` (par ex. `tiers` convient)

## Pourquoi le bot ne peut pas gérer un rôle ($role : le nom du rôle, par ex. @Patron)

refusal-everyone = @everyone appartient à tous les membres ; choisissez un rôle qui peut être attribué aux membres
refusal-managed = { $role } est géré par une intégration (un bot ou un abonnement) ; Discord ne permet à personne de l'attribuer
refusal-above-bot = { $role } est au niveau du rôle le plus haut du bot ou au-dessus ; placez le rôle du bot au-dessus de { $role } dans Paramètres du serveur → Rôles
refusal-no-manage-roles = le bot n'a pas la permission Gérer les rôles ; accordez-la au rôle du bot
refusal-deleted = ce rôle n'existe plus

## /config

config-action = La modification des réglages du bot
config-log-channel-set = Les liaisons, déliaisons et changements de rôles seront publiés dans <#{ $channel }>. Assurez-vous que le bot peut y envoyer des messages (`/doctor` le vérifie).
config-log-channel-off = Le bot ne publie plus dans un salon de journal.
config-bypass-everyone = `rôle:` @everyone exempterait tous les membres. Choisissez un rôle que seuls certains membres ont, par ex. `rôle:@Staff`.
config-bypass-granted = `rôle:` <@&{ $role }> est attribué par une règle : quiconque l'obtiendrait ne serait plus mis à jour. Choisissez un rôle que les admins donnent à la main, par ex. `rôle:@Staff`.
config-bypass-set = Le bot ne modifie jamais les membres qui ont <@&{ $role }> : leurs rôles et leur pseudo restent tels quels. `/whois` et `/roles preview` l'indiquent.
config-bypass-cleared = Plus de rôle d'exemption : chaque membre reçoit de nouveau les rôles qu'il obtient.
config-bypass-none = Aucun rôle d'exemption n'est défini.
config-nickname-not-managed = Le bot ne gère pas les pseudos ici.
config-nickname-off = Le bot ne gère plus les pseudos.
config-nickname-off-given-back =
    { $count ->
        [one] Le bot ne gère plus les pseudos. { $count } membre renommé par le bot récupère maintenant son pseudo précédent (sauf s'il l'a changé entre-temps).
       *[other] Le bot ne gère plus les pseudos. { $count } membres renommés par le bot récupèrent maintenant leur pseudo précédent (sauf s'ils l'ont changé entre-temps).
    }
config-nickname-invalid = `modèle:` { $error }.
config-nickname-no-permission = Le bot n'a pas la permission Gérer les pseudos : Paramètres du serveur → Rôles → le rôle du bot → activez Gérer les pseudos, puis relancez la commande. Rien n'a été modifié.
# $nick : le pseudo que le modèle donne à l'admin qui l'a saisi.
config-nickname-example-linked = le vôtre serait **{ $nick }**
config-nickname-example = le vôtre, lié à un compte Resonite nommé ResoniteName, serait **{ $nick }**
config-nickname-set =
    { $count ->
        [one] Les pseudos des membres liés suivent désormais `{ $template }` — { $example }. Le bot l'applique maintenant à { $count } membre lié ici. Le propriétaire du serveur et les membres dont le rôle le plus haut est au-dessus de celui du bot gardent le leur (`/doctor` les liste) ; chacun retrouve son pseudo précédent en déliant son compte ou quand vous effacez le modèle.
       *[other] Les pseudos des membres liés suivent désormais `{ $template }` — { $example }. Le bot l'applique maintenant aux { $count } membres liés ici. Le propriétaire du serveur et les membres dont le rôle le plus haut est au-dessus de celui du bot gardent le leur (`/doctor` les liste) ; chacun retrouve son pseudo précédent en déliant son compte ou quand vous effacez le modèle.
    }
template-error-unknown = `{ $name }` n'est pas une variable connue : utilisez { "{resonite}" } (nom d'utilisateur Resonite), { "{discord}" } (nom d'utilisateur Discord) ou { "{display}" } (nom d'affichage Discord), par ex. `{ "{display} ({resonite})" }`
template-error-unclosed = une accolade `{ "{" }` n'est jamais fermée : les variables s'écrivent comme { "{resonite}" }, par ex. `{ "{display} ({resonite})" }`
template-error-empty = le modèle donnerait un pseudo vide : incluez une variable, par ex. `{ "{resonite}" }`
template-error-too-long = le modèle fait { $count } caractères ; { $max } au maximum (les pseudos sont de toute façon coupés à 32), par ex. `{ "{display} ({resonite})" }`
cause-settings = réglages du bot modifiés sur le serveur

## /whois

whois-both = `membre:` et `resonite:` : indiquez l'un des deux seulement, par ex. `/whois membre:@Membre` ou `/whois resonite:PatronUser`.
whois-needs-manage-roles = Rechercher un autre membre nécessite la permission Gérer les rôles. Vous pouvez toujours utiliser /whois sur vous-même.
# $linked, $verified : heures Unix.
whois-linked-self = Vous avez lié le compte Resonite **{ $username }** (`{ $resonite_id }`) <t:{ $linked }:R> ; dernière vérification <t:{ $verified }:R>.
# $name : le nom Discord du membre, échappé.
whois-linked-other = { $name } a lié le compte Resonite **{ $username }** (`{ $resonite_id }`) <t:{ $linked }:R> ; dernière vérification <t:{ $verified }:R>.
whois-not-linked-self = Vous n'êtes lié à aucun compte Resonite. Utilisez `/link` pour en lier un.
whois-not-linked-other = { $name } n'est lié à aucun compte Resonite. Il peut en lier un avec `/link`.
whois-stale = ⚠️ Resonite a cessé d'accepter ce lien <t:{ $since }:R> : lancez `/link` pour le renouveler, sinon les rôles de soutien seront retirés après le délai de grâce.
whois-linked-roles-active = Rôles liés : actifs (le profil Discord affiche le compte Resonite et reste à jour).
whois-linked-roles-pushed-once = Rôles liés : affichés sur le profil Discord tels qu'au moment de la liaison (sans mise à jour : aucune clé de jeton n'est définie).
whois-linked-roles-pending = Rôles liés : connexion en cours (Discord n'a pas encore pris en compte la connexion).
whois-linked-roles-refused = Rôles liés : inactifs (Discord n'accepte plus la connexion ; reconnectez-la depuis les Rôles liés du serveur).
whois-linked-roles-none = Rôles liés : non connectés.
whois-bypass = 🛡️ A le rôle d'exemption <@&{ $role }> : le bot ne modifie ni ses rôles ni son pseudo ici.
whois-resonite-blank = `resonite:` indiquez un nom d'utilisateur ou un identifiant Resonite, par ex. `resonite:PatronUser` ou `resonite:U-PatronUser`.
whois-resonite-server = `resonite:` utilisez cette option sur un serveur.
whois-resonite-needs-manage-roles = Rechercher qui est lié à un compte Resonite nécessite la permission Gérer les rôles.
whois-resonite-found = Le compte Resonite **{ $username }** (`{ $resonite_id }`) a été lié par <@{ $user }> <t:{ $linked }:R> ; dernière vérification <t:{ $verified }:R>.
# $name : ce qui a été saisi, échappé.
whois-resonite-nobody = Personne ici n'est lié au compte Resonite **{ $name }**.

## /roles preview

preview-action = L'aperçu des règles de rôles
preview-needs-role = `rôle:` indiquez quel rôle la règle attribuerait, par ex. `/roles preview rôle:@Patron règle:patreon`.
preview-needs-rule = `règle:` indiquez quelle condition attribuerait le rôle, par ex. `/roles preview rôle:@Patron règle:patreon`.
preview-stray-options = `valeur:` et `groupe:` vont avec `règle:`, par ex. `/roles preview rôle:@Gold règle:tier-at-least valeur:$25 groupe:tiers`.
preview-head-rule = **Aperçu** de <@&{ $role }> ← { $condition }. Rien n'a été modifié.
preview-head-rule-group = **Aperçu** de <@&{ $role }> ← { $condition } dans le groupe `{ $group }`. Rien n'a été modifié.
preview-head-current = **Aperçu** des règles actuelles : ce que leur application changerait maintenant. Rien n'a été modifié.
preview-can-apply = ✅ Le bot peut l'appliquer.
preview-cannot-apply = ❌ Le bot ne pourrait pas l'appliquer : { $reason }.
preview-nothing =
    { $count ->
        [one] Aucun membre ne gagnerait ni ne perdrait de rôle ({ $count } membre examiné).
       *[other] Aucun membre ne gagnerait ni ne perdrait de rôle ({ $count } membres examinés).
    }
# $names : jusqu'à dix mentions, puis preview-more.
preview-gains =
    { $count ->
        [one] ➕ <@&{ $role }> attribué à { $count } membre : { $names }
       *[other] ➕ <@&{ $role }> attribué à { $count } membres : { $names }
    }
preview-losses =
    { $count ->
        [one] ➖ <@&{ $role }> retiré à { $count } membre : { $names }
       *[other] ➖ <@&{ $role }> retiré à { $count } membres : { $names }
    }
preview-gains-refused =
    { $count ->
        [one] ➕ <@&{ $role }> attribué à { $count } membre (❌ le bot ne peut pas : { $reason }) : { $names }
       *[other] ➕ <@&{ $role }> attribué à { $count } membres (❌ le bot ne peut pas : { $reason }) : { $names }
    }
preview-losses-refused =
    { $count ->
        [one] ➖ <@&{ $role }> retiré à { $count } membre (❌ le bot ne peut pas : { $reason }) : { $names }
       *[other] ➖ <@&{ $role }> retiré à { $count } membres (❌ le bot ne peut pas : { $reason }) : { $names }
    }
preview-more = et { $count } de plus
preview-bypassed =
    { $count ->
        [one] 🛡️ { $count } membre ayant le rôle d'exemption <@&{ $role }> ne serait pas touché.
       *[other] 🛡️ { $count } membres ayant le rôle d'exemption <@&{ $role }> ne seraient pas touchés.
    }
preview-incomplete = ⚠️ Seuls les membres liés ont été comptés : la liste des membres n'est pas arrivée (activez le Server Members Intent).
preview-cut = … (autres changements non affichés)

## /doctor : la ligne de chaque vérification, et la solution quand elle échoue

doctor-action = L'exécution de la liste de contrôle
doctor-head = **Doctor** : ce qui garde justes les rôles de ce serveur
doctor-manage-roles-ok = Le bot a la permission Gérer les rôles.
doctor-manage-roles-missing = Le bot n'a pas la permission Gérer les rôles : il ne peut attribuer ni retirer aucun rôle.
doctor-manage-roles-fix = Paramètres du serveur → Rôles → le rôle du bot → activez Gérer les rôles.
doctor-no-rules = Aucune règle de rôle pour l'instant : lier son compte ne donne aucun rôle.
doctor-no-rules-fix = Ajoutez-en une avec `/roles add rôle:@Linked règle:linked`.
doctor-roles-ok = Chaque rôle attribué par les règles ({ $count }) est sous le rôle du bot.
# $problems : les rôles et la raison, séparés par "; ".
doctor-roles-problems = Le bot ne peut pas attribuer : { $problems }.
doctor-role-gone = un rôle qui n'existe plus
doctor-roles-fix = Faites glisser le rôle du bot au-dessus de ces rôles (Paramètres du serveur → Rôles), ou retirez leurs règles avec `/roles remove`.
doctor-nicknames-no-permission = Les pseudos suivent `{ $template }`, mais le bot n'a pas la permission Gérer les pseudos.
doctor-nicknames-no-permission-fix = Paramètres du serveur → Rôles → le rôle du bot → activez Gérer les pseudos.
doctor-nicknames-ok = Les pseudos suivent `{ $template }` ; le bot peut renommer chaque membre lié.
# $names : mentions avec la raison, par ex. "<@1> (propriétaire du serveur), <@2> (rôle au-dessus de celui du bot)".
doctor-nicknames-skipped = Les pseudos suivent `{ $template }`, mais Discord ne laisse pas le bot renommer { $names }.
doctor-nicknames-skipped-more = Les pseudos suivent `{ $template }`, mais Discord ne laisse pas le bot renommer { $names } et { $count } autres.
doctor-skip-owner = <@{ $user }> (propriétaire du serveur)
doctor-skip-above = <@{ $user }> (rôle au-dessus de celui du bot)
doctor-nicknames-skipped-fix = Personne ne peut renommer le propriétaire ; pour les autres, faites glisser le rôle du bot au-dessus des leurs.
doctor-bypass = Le bot ne modifie jamais les membres qui ont <@&{ $role }>.
doctor-log-none = Aucun salon de journal : les liaisons, déliaisons et changements de rôles ne sont publiés nulle part.
doctor-log-none-fix = Définissez-en un avec `/config log-channel salon:#bot-log`.
doctor-log-ok = Le bot peut publier dans le salon de journal <#{ $channel }>.
doctor-log-not-writable = Le bot ne peut pas publier dans le salon de journal <#{ $channel }>.
doctor-log-not-writable-fix = Donnez-y au rôle du bot les permissions Voir le salon et Envoyer des messages, ou choisissez un autre salon avec `/config log-channel`.
doctor-log-unknown = Impossible de vérifier le salon de journal <#{ $channel }> (le serveur n'est pas encore dans le cache du bot).
doctor-log-unknown-fix = Relancez `/doctor` dans une minute.
doctor-log-missing = Le salon de journal ({ $channel }) n'existe plus.
doctor-log-missing-fix = Choisissez-en un autre avec `/config log-channel salon:#bot-log`.
doctor-members-ok = La liste des membres est arrivée (Server Members Intent activé).
doctor-members-missing = La liste des membres n'est pas arrivée : la règle `unlinked` et les aperçus ne voient que les membres liés.
doctor-members-missing-fix = Activez le Server Members Intent (Developer Portal → Bot → Privileged Gateway Intents) et redémarrez le bot.
# $every : doctor-every-days/hours/minutes/seconds.
doctor-reverify-on = La revérification est activée : chaque lien est revérifié auprès de Resonite, à intervalle de { $every }.
doctor-every-days = { $count } j
doctor-every-hours = { $count } h
doctor-every-minutes = { $count } min
doctor-every-seconds = { $count } s
doctor-reverify-off = La revérification est désactivée : les rôles suivent le profil tel qu'il était quand chaque membre a lié son compte.
doctor-reverify-off-fix = L'opérateur du bot définit TOKEN_ENCRYPTION_KEY (voir le README) et le redémarre.
doctor-swept = Dernière revérification <t:{ $at }:R>.
doctor-not-swept = Pas encore revérifié.
doctor-not-swept-fix = Lancez `/sync` pour revérifier tout le monde maintenant.
doctor-not-swept-nothing = Pas encore revérifié (rien à revérifier).
doctor-linked-roles-on = Les Rôles liés sont activés : les membres peuvent connecter Resonite à leur profil Discord.
doctor-linked-roles-off = Les Rôles liés sont désactivés (l'opérateur les active avec DISCORD_CLIENT_SECRET ; facultatif).
doctor-stale-none = Aucun lien périmé.
doctor-stale =
    { $count ->
        [one] Pour { $count } membre ici, Resonite n'accepte plus le lien (lien périmé).
       *[other] Pour { $count } membres ici, Resonite n'accepte plus le lien (liens périmés).
    }
doctor-stale-fix = On leur a demandé de relancer `/link` ; leurs rôles de soutien seront retirés après le délai de grâce.
doctor-pending-none = Aucun changement de rôle en attente.
doctor-pending =
    { $count ->
        [one] { $count } membre attend que ses rôles soient appliqués.
       *[other] { $count } membres attendent que leurs rôles soient appliqués.
    }
doctor-pending-fix = Rien à faire si le nombre diminue ; sinon, vérifiez les lignes ci-dessus (permissions, ordre des rôles).
doctor-failed-none = Aucun changement de rôle en échec.
doctor-failed =
    { $count ->
        [one] Les rôles de { $count } membre n'ont pas pu être appliqués pendant une journée :
       *[other] Les rôles de { $count } membres n'ont pas pu être appliqués pendant une journée :
    }
# $error : les mots de Discord (en anglais).
doctor-failed-member = • <@{ $user }> : { $error }
doctor-failed-fix = Corrigez la cause ci-dessus, puis lancez `/update membre:` pour chaque membre (ou `/sync`).

## Qui peut attribuer quel rôle (ticket 23)

permission-administrator = Administrateur
permission-manage-guild = Gérer le serveur
permission-manage-roles = Gérer les rôles
permission-ban-members = Bannir des membres
permission-kick-members = Expulser des membres
permission-manage-webhooks = Gérer les webhooks
rank-missing-manage-roles = il faut la permission Gérer les rôles venant de vos rôles sur ce serveur
rank-missing-manage-guild = il faut la permission Gérer le serveur venant de vos rôles sur ce serveur
rank-not-below = { $role } n'est pas sous votre rôle le plus haut : vous ne pouvez pas le faire attribuer par le bot (la règle de Discord quand vous donnez un rôle à la main). Demandez à quelqu'un dont le rôle le plus haut est au-dessus, ou au propriétaire du serveur.
rank-dangerous = { $role } porte { $permissions } : une règle le donnerait à chaque membre qui la remplit. Seul le propriétaire du serveur ou un membre Administrateur peut l'ajouter.
roles-bypass-refused = `rôle:` <@&{ $role }> est le rôle d'exemption : le bot ne modifie jamais ses membres, quiconque l'obtiendrait serait donc figé pour de bon. Choisissez un autre rôle, ou retirez d'abord le rôle d'exemption avec `/config bypass-role` (sans rôle) ou choisissez-en un autre.
roles-vouched = <@&{ $role }> avait déjà la règle « { $condition } », ajoutée par quelqu'un qui n'est ni propriétaire ni Administrateur ; elle est maintenant la vôtre, et le bot attribue de nouveau le rôle.
whois-not-member = { $name } n'est pas membre de ce serveur.
doctor-rule-withheld = <@&{ $role }> porte { $permissions }, et sa règle n'a été ajoutée ni par le propriétaire ni par un Administrateur : le bot ne l'attribue pas.
doctor-rule-withheld-fix = Le propriétaire du serveur ou un Administrateur ajoute de nouveau la règle avec `/roles add rôle:<@&{ $role }>`, ou retirez-la avec `/roles remove`.
doctor-bypass-granted = Le rôle d'exemption <@&{ $role }> est aussi attribué par une règle : quiconque l'obtient est figé pour de bon.
doctor-bypass-granted-fix = Retirez la règle avec `/roles remove rôle:<@&{ $role }>`, ou choisissez un autre rôle d'exemption avec `/config bypass-role`.
