# Security: limits on what one client may use of the callback server (src/web/serve),
# and the key rotation line of /doctor.

limited-title = Trop de requêtes
limited-explanation = Ce navigateur ou ce réseau a envoyé plus de requêtes que le bot n'en traite en une minute.
limited-next = Attendez une minute, puis rouvrez le lien. Rien n'a été perdu.

# /doctor, tant que des jetons de rafraîchissement sont scellés sous une autre clé que TOKEN_ENCRYPTION_KEY.
doctor-tokens-old =
    { $count ->
        [one] { $count } jeton de rafraîchissement est encore scellé sous une ancienne clé (pour tout le bot).
       *[other] { $count } jetons de rafraîchissement sont encore scellés sous une ancienne clé (pour tout le bot).
    }
doctor-tokens-old-fix = Le bot les rescelle sous TOKEN_ENCRYPTION_KEY en arrière-plan toutes les 10 minutes ; l'opérateur garde TOKEN_ENCRYPTION_KEY_OLD défini jusqu'à ce que cette ligne disparaisse. Un jeton sous une clé que le bot n'a plus ne peut pas être rescellé : ce membre relance /link.
