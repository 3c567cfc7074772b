# Lier par message : ce que /link affiche pour cela, et les réponses du bot dans Resonite.
link-intro-message = Liez votre compte Resonite en envoyant un message dans Resonite. Vos rôles suivent dès que le lien est fait.
link-by-message = **Lier par message dans Resonite :**
    1. Ajoutez **{ $bot }** comme contact dans Resonite.
    2. Envoyez-lui ce code dans un message : `{ $code }`
link-code-expires =
    { $minutes ->
        [one] Le code sert une fois, pendant { $minutes } minute.
       *[other] Le code sert une fois, pendant { $minutes } minutes.
    }
link-or-sign-in = **Ou connectez-vous à Resonite** avec le bouton ci-dessous.
msg-linked = C'est lié : votre compte Resonite est maintenant lié au compte Discord { $discord }. Ce n'est pas vous ? Répondez undo dans la journée pour retirer le lien.
msg-code-unknown = Ce code ne vient pas de moi. Vérifiez le code dans votre réponse /link sur Discord (il ressemble à K7Q2-M9XD-4HTW).
msg-code-expired = Ce code a expiré. Relancez /link sur Discord pour en obtenir un nouveau.
msg-code-used = Ce code a déjà servi. Relancez /link sur Discord pour en obtenir un nouveau.
msg-account-taken = Votre compte Resonite est déjà lié à un autre compte Discord. Retirez d'abord ce lien (/unlink), puis relancez /link.
msg-too-many = Trop de codes erronés : je ne lirai pas vos messages pendant les { $minutes } prochaines minutes.
msg-help = Bonjour ! Je lie des comptes Resonite à Discord. Lancez /link sur le serveur Discord, puis envoyez-moi le code affiché (comme K7Q2-M9XD-4HTW).
msg-undone = C'est fait : le lien de votre compte Resonite avec Discord a été retiré.
msg-undo-nothing = Rien à annuler : aucun lien par message n'a été fait depuis votre compte ces dernières 24 heures.
msg-failed = Un problème est survenu de mon côté et rien n'a été lié. Renvoyez le code dans une minute.
