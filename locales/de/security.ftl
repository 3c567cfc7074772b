# Security: limits on what one client may use of the callback server (src/web/serve),
# and the key rotation line of /doctor.

limited-title = Zu viele Anfragen
limited-explanation = Dieser Browser oder dieses Netzwerk hat mehr Anfragen gesendet, als der Bot in einer Minute beantwortet.
limited-next = Warte eine Minute und öffne den Link dann erneut. Es ist nichts verloren gegangen.

# /doctor, solange Refresh-Tokens unter einem anderen Schlüssel als TOKEN_ENCRYPTION_KEY versiegelt sind.
doctor-tokens-old =
    { $count ->
        [one] { $count } Refresh-Token ist noch unter einem alten Schlüssel versiegelt (für den ganzen Bot).
       *[other] { $count } Refresh-Tokens sind noch unter einem alten Schlüssel versiegelt (für den ganzen Bot).
    }
doctor-tokens-old-fix = Der Bot versiegelt sie alle 10 Minuten im Hintergrund neu unter TOKEN_ENCRYPTION_KEY; der Betreiber lässt TOKEN_ENCRYPTION_KEY_OLD gesetzt, bis diese Zeile verschwindet. Ein Token unter einem Schlüssel, den der Bot nicht mehr hat, lässt sich nicht neu versiegeln: dieses Mitglied führt /link erneut aus.
