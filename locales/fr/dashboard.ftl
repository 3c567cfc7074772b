# Le tableau de bord d’administration (/admin) : connexion, serveurs, aperçu, membres, règles, réglages, journal.

admin-title = Tableau de bord
admin-skip = Aller au contenu
admin-signed-in-as = Connecté en tant que { $name }
admin-sign-out = Se déconnecter
admin-tabs-label = Pages du serveur
admin-tab-overview = Aperçu
admin-servers-title = Vos serveurs
admin-servers-intro = Serveurs où se trouve le bot et où vous avez « Gérer le serveur » :
admin-servers-none = Le bot n’est sur aucun serveur où vous avez « Gérer le serveur ».
admin-overview-title = { $server } : aperçu
admin-signed-out-title = Déconnecté
admin-signed-out-explanation = Vous êtes déconnecté du tableau de bord.
admin-sign-in-again = Se reconnecter
admin-sign-in-next = Ouvrez /admin à nouveau pour vous connecter.
admin-try-later = Rien n’a été modifié. Réessayez dans une minute.
admin-csrf-title = Ce formulaire a expiré
admin-csrf-explanation = Il n’a pas été envoyé depuis la page de cette session : rien n’a été modifié.
admin-csrf-next = Rechargez la page et réessayez.
admin-denied-title = Connexion annulée
admin-denied-explanation = Discord n’a pas permis au bot de voir qui vous êtes : vous n’êtes pas connecté.
admin-incomplete-title = Connexion incomplète
admin-incomplete-explanation = Il manquait quelque chose dans la réponse de Discord : vous n’êtes pas connecté.
admin-expired-title = Cette connexion a expiré
admin-expired-explanation = Elle a déjà servi ou a pris trop de temps.
admin-browser-title = Terminez dans le même navigateur
admin-browser-explanation = Cette connexion a été commencée dans un autre navigateur.
admin-discord-title = Discord n’a pas répondu
admin-discord-explanation = Le bot n’a pas pu vérifier auprès de Discord quels serveurs vous gérez.
admin-database-title = La base de données ne répond pas
admin-database-explanation = Le bot ne peut pas lire ni écrire ses données pour l’instant.
admin-ours-title = Un problème est survenu de notre côté
admin-ours-explanation = Le bot n’a pas pu terminer cette requête.
admin-fig-linked = membres liés
admin-fig-stale = liens périmés
admin-fig-pending = changements de rôle en attente
admin-fig-failed = changements de rôle échoués
admin-fig-rules = règles
admin-chart-activity = Liaisons et déliaisons par jour ({ $days } derniers jours)
admin-chart-activity-summary = { $links } liaisons et { $unlinks } déliaisons
admin-chart-links = Liaisons
admin-chart-unlinks = Déliaisons
admin-chart-none = Rien sur cette période.
admin-col-day = Jour
admin-tab-members = Membres
admin-members-title = { $server } : membres
admin-members-search = Rechercher par nom Resonite, identifiant U- ou identifiant Discord
admin-search = Rechercher
admin-members-export = Télécharger members.csv
admin-members-caption = Membres liés, page { $page }
admin-members-none = Aucun membre lié ne correspond.
admin-col-discord = Discord
admin-col-resonite = Compte Resonite
admin-col-verified = Dernière vérification
admin-col-roles = Rôles donnés
admin-col-changes = Changements de rôle
admin-queue-done = appliqués
admin-queue-pending = en attente
admin-queue-failed = échoués
admin-retry = Réessayer
admin-stale = (périmé)
admin-pages-label = Pages
admin-prev = Page précédente
admin-next = Page suivante
admin-sync-now = Synchroniser maintenant
admin-sync-explanation = Applique de nouveau les règles à tous les membres liés.
admin-tab-rules = Règles
admin-rules-title = { $server } : règles
admin-rules-caption = Règles de rôles ({ $count })
admin-rules-none = Aucune règle de rôle pour l’instant. Ajoutez-en une ci-dessous.
admin-col-role = Rôle
admin-col-condition = Condition
admin-col-group = Groupe
admin-col-holders = Membres ayant le rôle
admin-col-state = État
admin-col-actions = Actions
admin-rules-applies = appliquée
admin-rules-disabled = désactivée : { $reason }
admin-rules-withheld = non attribué : le rôle porte une permission dangereuse et la règle n’a pas été ajoutée par le propriétaire ni par un Administrateur
admin-rules-remove = Retirer
admin-rules-remove-label = Retirer les règles de { $role }
admin-rules-swept = Les membres ont été revérifiés pour la dernière fois le { $date }.
admin-rules-not-swept = Les membres n’ont pas encore été revérifiés.
admin-rules-needs-manage-roles = Modifier les règles de rôles demande la permission Gérer les rôles venant de vos rôles sur ce serveur.
admin-rules-add-title = Ajouter une règle
admin-rules-field-role = Rôle à attribuer
admin-rules-pick = Choisir un rôle
admin-rules-field-rule = Condition sur le profil Resonite
admin-rules-field-value = Valeur
admin-rules-field-group = Groupe exclusif
admin-rules-preview = Aperçu
admin-rules-add = Ajouter la règle
admin-rules-pick-role = Choisissez le rôle que la règle attribue.
admin-rules-added =
    { $count ->
        [one] Ajoutée : { $role } pour les membres avec { $condition }. { $count } membre lié est revérifié.
       *[other] Ajoutée : { $role } pour les membres avec { $condition }. { $count } membres liés sont revérifiés.
    }
admin-rules-added-unlinked =
    { $count ->
        [one] Ajoutée : { $role } pour les membres avec { $condition }. { $count } membre est revérifié.
       *[other] Ajoutée : { $role } pour les membres avec { $condition }. { $count } membres sont revérifiés.
    }
admin-rules-vouched = { $role } avait déjà cette règle, ajoutée par quelqu’un qui n’est ni le propriétaire ni un Administrateur ; elle est désormais la vôtre, et le bot attribue de nouveau le rôle.
admin-rules-exists = { $role } a déjà cette règle ; elle est active.
admin-rules-in-group = Il fait partie du groupe `{ $group }` : parmi ses rôles, un membre n’a que le plus élevé qu’il mérite.
admin-rules-removed =
    { $count ->
        [one] { $count } règle de { $role } retirée.
       *[other] { $count } règles de { $role } retirées.
    }
admin-rules-remove-none = { $role } n’a aucune règle.
admin-rules-value-invalid = Valeur : { $error }.
admin-rules-group-taken = { $role } fait déjà partie du groupe `{ $group }`, et un rôle appartient à un groupe au plus. Utilisez le groupe `{ $group }`, ou retirez d’abord les règles du rôle.
admin-rules-bypass = { $role } est le rôle d’exemption : le bot ne modifie jamais ceux qui l’ont, donc quiconque l’obtiendrait serait figé pour de bon. Choisissez un autre rôle, ou changez d’abord le rôle d’exemption dans les réglages.
admin-rules-role-refused = Le bot ne peut pas utiliser ce rôle : { $reason }.
admin-preview-title = Aperçu
admin-preview-can-apply = Le bot peut appliquer cette règle.
admin-preview-cannot-apply = Le bot ne peut pas appliquer cette règle : { $reason }.
admin-preview-nothing =
    { $count ->
        [one] Rien ne changerait pour le { $count } membre examiné.
       *[other] Rien ne changerait pour les { $count } membres examinés.
    }
admin-preview-gains =
    { $count ->
        [one] { $role } serait donné à { $count } membre
       *[other] { $role } serait donné à { $count } membres
    }
admin-preview-losses =
    { $count ->
        [one] { $role } serait retiré à { $count } membre
       *[other] { $role } serait retiré à { $count } membres
    }
admin-preview-refused = (le bot ne peut pas : { $reason })
admin-preview-more = et { $count } de plus
admin-preview-bypassed = { $count } membres ont le rôle d’exemption { $role } et ne sont pas touchés.
admin-preview-incomplete = Seuls les membres liés trouvés sur le serveur ont été examinés : le bot n’a pas reçu la liste complète des membres.
admin-preview-note = Un aperçu ne modifie rien.
admin-tab-settings = Réglages
admin-settings-title = { $server } : réglages
admin-settings-save = Enregistrer
admin-settings-log-channel = Salon de journal
admin-settings-log-channel-hint = L’identifiant du salon textuel où sont publiés liaisons, déliaisons et changements de rôles (dans Discord : clic droit sur le salon → Copier l’identifiant du salon). Vide : nulle part.
admin-settings-bypass = Rôle d’exemption
admin-settings-bypass-hint = Le bot ne modifie jamais les membres ayant ce rôle : leurs rôles et leur pseudo restent tels quels.
admin-settings-bypass-none = Aucun rôle d’exemption
admin-settings-nickname = Modèle de pseudo
admin-settings-nickname-hint = Par exemple `{ "{display} ({resonite})" }` ; aussi `{ "{discord}" }`. Vide : le bot arrête et rend les pseudos.
admin-settings-needs-manage-guild = Modifier les réglages demande la permission Gérer le serveur venant de vos rôles sur ce serveur.
admin-settings-not-an-id = Ce n’est pas un identifiant : donnez les chiffres de l’identifiant, ou laissez le champ vide.
admin-settings-log-set = Les liaisons, déliaisons et changements de rôles seront publiés dans le salon { $channel }. Vérifiez que le bot peut y écrire.
admin-settings-bypass-set = Le bot ne modifie jamais les membres ayant le rôle d’exemption : leurs rôles et leur pseudo restent tels quels.
admin-settings-bypass-everyone = @everyone exempterait tous les membres. Choisissez un rôle que seuls certains membres ont.
admin-settings-bypass-granted = Une règle attribue ce rôle, donc quiconque l’obtient ne serait plus mis à jour. Choisissez un rôle que les admins donnent à la main.
admin-settings-nickname-set =
    { $count ->
        [one] Les pseudos suivent désormais `{ $template }` ; le vôtre serait `{ $nick }`. { $count } membre lié est revérifié.
       *[other] Les pseudos suivent désormais `{ $template }` ; le vôtre serait `{ $nick }`. { $count } membres liés sont revérifiés.
    }
admin-settings-nickname-invalid = Modèle : { $error }.
admin-settings-nickname-no-permission = Il manque au bot la permission Gérer les pseudos : Paramètres du serveur → Rôles → le rôle du bot → activez Gérer les pseudos, puis enregistrez de nouveau. Rien n’a été modifié.
admin-tab-audit = Journal
admin-audit-title = { $server } : journal
admin-audit-filter = Seulement ce membre (identifiant Discord)
admin-audit-caption = Ce que le bot a fait ici, du plus récent au plus ancien, page { $page }
admin-audit-none = Rien n’a été enregistré.
admin-col-time = Heure
admin-col-action = Action
admin-col-actor = Par
admin-col-detail = Détail
