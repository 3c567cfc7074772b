# Limites de ce qu'un client peut utiliser du serveur de rappel (src/web/serve).

limited-title = Trop de requêtes
limited-explanation = Ce navigateur ou ce réseau a envoyé plus de requêtes que le bot n'en traite en une minute.
limited-next = Attendez une minute, puis rouvrez le lien. Rien n'a été perdu.
