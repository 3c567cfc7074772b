# Les pages de résultat et la page d'accueil (français).

page-footer = resonite-verify · lie les comptes Resonite à Discord
landing-title = Liaison de compte Resonite
landing-about = Ce serveur appartient à un bot Discord qui lie les membres Discord à leur compte Resonite et leur attribue des rôles d'après leur profil Resonite (statut de soutien, tags).
landing-how = Pour lier votre compte, tapez { $command } sur le serveur Discord et suivez le bouton.
page-close = Vous pouvez fermer cette page et retourner sur Discord.

linked-title = Comptes liés
linked-body = Votre compte Resonite { $resonite } ({ $resonite_id }) est maintenant lié au compte Discord { $discord }.
linked-offer = L'afficher sur mon profil Discord
linked-back = Retourner sur le serveur dans Discord

pushed-title = Affiché sur votre profil Discord
pushed-body = Le compte Discord { $discord } affiche maintenant le compte Resonite { $resonite } comme connexion et peut obtenir les rôles liés du serveur.
pushed-pending = Discord est occupé en ce moment : votre profil se mettra à jour dans un instant, vous n'avez rien d'autre à faire.
note-pushed = Votre profil Discord affiche maintenant votre compte Resonite, et vous pouvez obtenir les rôles liés du serveur.
note-pushed-owed = Votre profil Discord affichera votre compte Resonite dans un instant (Discord est occupé).

not-found-title = Page introuvable
not-found-explanation = Il n'y a rien à cette adresse.
not-found-next = Pour lier votre compte Resonite, utilisez /link sur Discord.
too-long-title = Adresse trop longue
too-long-explanation = Cette adresse est plus longue que tous les liens que crée le bot.
too-long-next = Utilisez /link sur Discord pour obtenir un nouveau lien.

## La page de confirmation entre Resonite et la liaison

confirm-title = Lier ces comptes ?
confirm-body = Lier le compte Resonite { $resonite } ({ $resonite_id }) au compte Discord { $discord } ?
confirm-body-server = Lier le compte Resonite { $resonite } ({ $resonite_id }) au compte Discord { $discord } sur le serveur { $server } ?
confirm-warning = N'appuyez sur Lier que si vous avez lancé cela vous-même avec /link sur Discord. Si quelqu'un vous a envoyé ce lien, appuyez sur Annuler : cette personne obtiendrait votre compte Resonite et ses rôles.
confirm-link = Lier
confirm-cancel = Annuler
confirm-expires = Rien n'est lié tant que vous n'appuyez pas sur Lier. Cette page ne fonctionne qu'une fois, pendant un temps limité.
cancelled-title = Rien n'a été lié
cancelled-explanation = Vous avez appuyé sur Annuler : aucun compte n'a été lié et rien n'a changé.
cancelled-next = Si vous voulez finalement lier votre compte, relancez /link sur Discord.

## Une liaison qui n'a pas abouti

link-again = Relancez /link sur Discord pour obtenir un nouveau bouton.
link-try-later = Veuillez réessayer avec /link dans quelques minutes.
link-denied-title = Liaison annulée
link-denied-explanation = Vous avez refusé l'accès sur Resonite, donc rien n'a été lié.
link-denied-next = Si c'était une erreur, relancez /link sur Discord.
link-provider-title = Resonite a refusé la demande
link-provider-explanation = Resonite a répondu avec l'erreur « { $code } ». Rien n'a été lié.
link-incomplete-title = Lien incomplet
link-incomplete-explanation = Il manque à cette adresse une partie de ce que Resonite renvoie.
link-expired-title = Ce lien a expiré ou a déjà été utilisé
link-expired-explanation = Chaque bouton /link ne fonctionne qu'une fois, pendant une durée limitée.
link-browser-title = Confirmez dans le navigateur avec lequel vous vous êtes connecté
link-browser-explanation = Ce lien appartient à un autre navigateur, ou votre navigateur n'a pas renvoyé ce qui prouve qu'il s'agit du même. Rien n'a été lié.
link-taken-title = Compte déjà lié
link-taken-explanation = Le compte Resonite { $resonite } est déjà lié à un autre compte Discord. Rien n'a été modifié.
link-taken-next = Déliez-le d'abord de l'autre compte Discord (/unlink), ou demandez de l'aide à un administrateur du serveur.
link-resonite-title = Resonite n'a pas pu terminer la liaison
link-resonite-explanation = Un problème est survenu lors de l'échange avec Resonite. Rien n'a été lié.
link-database-title = Veuillez réessayer dans une minute
link-database-explanation = La base de données du bot ne répond pas pour le moment, donc rien n'a été lié. Votre bouton /link fonctionne toujours.
link-database-next = Attendez une minute, puis appuyez de nouveau sur le même bouton /link dans Discord (ou lancez /link).
link-database-confirm-explanation = La base de données du bot ne répond pas pour le moment : rien n'a été lié. Cette confirmation reste valable un moment.
link-database-confirm-next = Attendez une minute, revenez à la page précédente et appuyez de nouveau sur Lier.
link-ours-title = Un problème est survenu de notre côté
link-ours-explanation = Le bot n'a pas pu enregistrer la liaison. Rien n'a été modifié.

## Les rôles liés de Discord qui n'ont pas abouti

connect-again = Rouvrez les rôles liés du serveur dans Discord (ou l'adresse de cette page) pour recommencer.
connect-try-later = Veuillez réessayer dans quelques minutes.
connect-denied-title = Connexion annulée
connect-denied-explanation = Vous avez refusé sur Discord, donc rien n'a été connecté.
connect-provider-title = Discord a refusé la demande
connect-provider-explanation = Discord a répondu avec une erreur. Rien n'a été connecté.
connect-incomplete-title = Adresse incomplète
connect-incomplete-explanation = Il manque à cette adresse une partie de ce que Discord renvoie.
connect-expired-title = Ce lien a expiré ou a déjà été utilisé
connect-expired-explanation = Chaque passage par l'autorisation de Discord ne fonctionne qu'une fois, pendant une durée limitée.
connect-discord-title = Discord n'a pas pu terminer la connexion
connect-discord-explanation = Un problème est survenu lors de l'échange avec Discord. Rien n'a été connecté.
connect-ours-title = Un problème est survenu de notre côté
connect-ours-explanation = Le bot n'a pas pu enregistrer la connexion. Rien n'a été modifié.
