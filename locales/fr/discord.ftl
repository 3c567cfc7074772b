# Réponses, salon de journal et MP sur Discord (français, vouvoiement). Variables : voir en-US/discord.ftl.

## Erreurs que toute commande peut renvoyer

error-database-away = La base de données du bot ne répond pas pour le moment ; veuillez réessayer dans une minute.
error-internal = Un problème est survenu du côté du bot. Il a été enregistré ; veuillez réessayer dans un instant.
error-use-in-server = Utilisez cette commande sur un serveur.
error-needs-manage-roles = { $what } nécessite la permission Gérer les rôles.
error-needs-manage-guild = { $what } nécessite la permission Gérer le serveur.

## /link et /unlink

link-slash-only = Utilisez /link comme commande slash.
link-already =
    Vous êtes lié au compte Resonite **{ $username }** (`{ $resonite_id }`).
    Pour lier un autre compte (ou actualiser celui-ci), connectez-vous à Resonite avec le bouton ci-dessous.
link-intro = Connectez-vous à Resonite avec le bouton ci-dessous et autorisez l'accès. Vos rôles suivront une fois le compte lié.
link-button-expires =
    { $minutes ->
        [one] Le bouton ne fonctionne qu'une fois, pendant { $minutes } minute.
       *[other] Le bouton ne fonctionne qu'une fois, pendant { $minutes } minutes.
    }
link-button = Lier sur Resonite
linked-head = ✅ Lié au compte Resonite **{ $username }** (`{ $resonite_id }`).
linked-replaces = Il remplace votre lien précédent avec **{ $old_username }**.
roles-on-their-way = Vos rôles arrivent : ils suivront dans un instant, vous n'avez rien d'autre à faire.
link-failed-denied = ❌ La liaison n'a pas abouti : vous avez refusé sur Resonite. Lancez `/link` pour réessayer.
link-failed-taken = ❌ La liaison n'a pas abouti : le compte Resonite **{ $username }** est déjà lié à un autre compte Discord. Lancez `/link` pour réessayer.
link-failed-database = ❌ La liaison n'a pas abouti : la base de données du bot ne répond pas pour le moment ; le même bouton fonctionnera de nouveau dans une minute. Lancez `/link` pour réessayer.
link-failed-resonite = ❌ La liaison n'a pas abouti : Resonite n'a pas pu la terminer. Lancez `/link` pour réessayer.
unlink-done = Le compte Resonite **{ $username }** n'est plus lié. Utilisez `/link` pour le lier de nouveau.
unlink-roles-pending = Les rôles gérés par le bot sont en cours de retrait ; cela peut prendre un moment.
unlink-none = Vous n'avez aucun compte Resonite lié. Utilisez `/link` pour en lier un.

## /update

update-use-in-server = Utilisez /update sur un serveur.
update-needs-manage-roles = Mettre à jour un autre membre nécessite la permission Gérer les rôles. Vous pouvez toujours vous mettre à jour vous-même avec /update.
update-queued = Votre demande est en file d'attente : les rôles suivront d'ici une minute (Discord répond lentement en ce moment).
update-not-member-self = Vous n'êtes pas membre de ce serveur.
update-not-member-other = Cet utilisateur n'est pas membre de ce serveur.
update-not-linked-self = Vous n'êtes lié à aucun compte Resonite, donc aucun rôle lié ne s'applique. Utilisez `/link` pour en lier un.
update-not-linked-other = { $name } n'est lié à aucun compte Resonite, donc aucun rôle lié ne s'applique. `/link` permet d'en lier un.
update-done = Rôles mis à jour.
update-up-to-date = Les rôles sont déjà à jour.
update-retrying = Discord n'a pas répondu pour certains rôles ; le bot continue d'essayer.

## /sync

sync-action = La synchronisation de tous les membres
sync-starting = Synchronisation : démarrage…
sync-progress =
    Synchronisation : { $done }/{ $total } comptes liés vérifiés, { $changed } avec des changements de rôles, { $errors ->
        [one] { $errors } erreur.
       *[other] { $errors } erreurs.
    }
sync-finished =
    Synchronisation terminée : { $done }/{ $total } comptes liés vérifiés, { $changed } avec des changements de rôles, { $errors ->
        [one] { $errors } erreur.
       *[other] { $errors } erreurs.
    }
sync-no-key = La revérification auprès de Resonite est désactivée (pas de TOKEN_ENCRYPTION_KEY) : les rôles ont été synchronisés d'après les profils enregistrés lors de la liaison.
sync-already-running = Une synchronisation est déjà en cours sur ce serveur ; son message en indique la progression. Réessayez quand elle sera terminée.

## Ce qu'une synchronisation a fait (pour le membre)

report-granted = Rôles attribués : { $roles }
report-removed = Rôles retirés : { $roles }
report-failed = Impossible de modifier { $role } : { $why }
report-role-unknown = rôle { $role }
report-list-separator = {", "}
report-why-permissions = le bot n'en a pas le droit (un administrateur du serveur peut placer le rôle du bot plus haut)
report-why-deleted = le rôle a été supprimé
report-why-transient = Discord n'a pas répondu ; le bot continue d'essayer
report-why-not-member = le membre n'est pas sur le serveur
report-why-other = Discord a refusé ({ $error })

## Le salon de journal (dans la langue du serveur)

log-linked = 🔗 <@{ $user }> a lié le compte Resonite **{ $username }** (`{ $resonite_id }`)
log-relinked = 🔗 <@{ $user }> a lié le compte Resonite **{ $username }** (`{ $resonite_id }`), à la place de **{ $old_username }**
log-unlinked = ⛓️‍💥 <@{ $user }> a délié le compte Resonite **{ $username }** (`{ $resonite_id }`)
log-roles-changed = <@{ $user }> ({ $cause }) : { $changes }
log-role-deleted = ⚠️ Le rôle { $role } a été supprimé : ses règles sont désormais désactivées. Retirez-les avec `/roles remove` ou ajoutez des règles pour un autre rôle.
log-missing-permissions = ⚠️ Impossible de modifier <@&{ $role }> pour <@{ $user }> : donnez au bot la permission Gérer les rôles et placez son rôle au-dessus de <@&{ $role }>.
log-change-failed = ⚠️ Impossible de modifier <@&{ $role }> pour <@{ $user }> : { $error }.
log-gave-up = ⚠️ Les rôles de <@{ $user }> n'ont pas pu être mis à jour pendant une journée ({ $error }) ; le bot a cessé de réessayer. `/update` réessaie, et `/roles list` montre ce qui échoue encore.
cause-linked = compte Resonite lié
cause-unlinked = compte Resonite délié
cause-update = rôles mis à jour sur demande
cause-joined = a rejoint le serveur
cause-sweep = revérifié
cause-rules = règles de rôles du serveur modifiées

## Messages privés (dans la langue du /link)

dm-link-stale =
    { $grace_days ->
        [one] Votre lien Resonite (**{ $username }**) doit être renouvelé : Resonite n'accepte plus l'accès du bot. Lancez `/link` sur le serveur pour garder vos rôles ; sinon, les rôles de soutien seront retirés au bout de { $grace_days } jour.
       *[other] Votre lien Resonite (**{ $username }**) doit être renouvelé : Resonite n'accepte plus l'accès du bot. Lancez `/link` sur le serveur pour garder vos rôles ; sinon, les rôles de soutien seront retirés au bout de { $grace_days } jours.
    }
dm-linked-roles-disconnected = La connexion Resonite de votre profil Discord n'est plus mise à jour : Discord n'accepte plus l'accès du bot. Pour la rétablir, ouvrez le menu du serveur → Rôles liés (Linked Roles) et choisissez de nouveau la connexion resonite-verify (ou utilisez le lien de la page de résultat de `/link`).

## Qui peut faire quoi par le bot (ticket 23)

error-permission-from-roles = Ce sont les permissions de vos rôles sur ce serveur qui comptent ; une permission donnée dans un seul salon ne compte pas.
unlink-confirm = Délier le compte Resonite **{ $username }** ? Le bot oublie le lien et vous retire, sur tous les serveurs, les rôles qu'il vous a donnés. Rien ne change tant que vous n'appuyez pas sur **Délier**.
unlink-confirm-button = Délier
unlink-cancel-button = Garder mon lien
unlink-cancelled = Rien n'a changé : votre lien reste.
unlink-not-yours = Ce bouton appartient au `/unlink` de quelqu'un d'autre.
unlink-action = Retirer le lien d'un autre membre
unlink-user-none = <@{ $user }> n'a aucun compte Resonite lié.
unlink-user-done = <@{ $user }> n'est plus lié au compte Resonite **{ $username }**.
unlink-user-told = Le membre a été prévenu par message privé.
unlink-user-not-told = Le membre n'a pas pu être prévenu par message privé (ses MP sont fermés).
dm-unlinked-by-admin = Un admin de **{ $server }** a retiré le lien entre votre compte Discord et le compte Resonite **{ $username }** ; les rôles qu'il vous valait vous sont retirés. Utilisez `/link` sur le serveur pour le lier de nouveau.
