# Security: limits on what one client may use of the callback server (src/web/serve),
# and the key rotation line of /doctor.

limited-title = Demasiadas solicitudes
limited-explanation = Este navegador o esta red ha enviado más solicitudes de las que el bot atiende en un minuto.
limited-next = Espera un minuto y vuelve a abrir el enlace. No se ha perdido nada.

# /doctor, mientras haya tokens de actualización sellados con una clave distinta de TOKEN_ENCRYPTION_KEY.
doctor-tokens-old =
    { $count ->
        [one] { $count } token de actualización sigue sellado con una clave antigua (en todo el bot).
       *[other] { $count } tokens de actualización siguen sellados con una clave antigua (en todo el bot).
    }
doctor-tokens-old-fix = El bot los vuelve a sellar con TOKEN_ENCRYPTION_KEY en segundo plano cada 10 minutos; el operador mantiene TOKEN_ENCRYPTION_KEY_OLD hasta que esta línea desaparezca. Un token con una clave que el bot ya no tiene no se puede volver a sellar: ese miembro ejecuta /link de nuevo.
