# Grenzen dafür, was ein Client vom Callback-Server nutzen darf (src/web/serve).

limited-title = Zu viele Anfragen
limited-explanation = Dieser Browser oder dieses Netzwerk hat mehr Anfragen gesendet, als der Bot in einer Minute beantwortet.
limited-next = Warte eine Minute und öffne den Link dann erneut. Es ist nichts verloren gegangen.
