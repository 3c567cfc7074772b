# Límites de lo que un cliente puede usar del servidor de retorno (src/web/serve).

limited-title = Demasiadas solicitudes
limited-explanation = Este navegador o esta red ha enviado más solicitudes de las que el bot atiende en un minuto.
limited-next = Espera un minuto y vuelve a abrir el enlace. No se ha perdido nada.
