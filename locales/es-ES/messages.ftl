# Vincular por mensaje: lo que /link muestra para ello y las respuestas del bot en Resonite.
link-intro-message = Vincula tu cuenta de Resonite enviando un mensaje en Resonite. Tus roles llegan en cuanto quede vinculada.
link-by-message = **Vincular por mensaje en Resonite:**
    1. Añade a **{ $bot }** como contacto en Resonite.
    2. Envíale este código en un mensaje: `{ $code }`
link-code-expires =
    { $minutes ->
        [one] El código sirve una vez, durante { $minutes } minuto.
       *[other] El código sirve una vez, durante { $minutes } minutos.
    }
link-or-sign-in = **O inicia sesión en Resonite** con el botón de abajo.
msg-linked = Vinculada: tu cuenta de Resonite está ahora vinculada a la cuenta de Discord { $discord }. ¿No fuiste tú? Responde undo en menos de un día para quitar el vínculo.
msg-code-unknown = Ese código no es mío. Revisa el código en tu respuesta de /link en Discord (se parece a K7Q2-M9XD-4HTW).
msg-code-expired = Ese código ha caducado. Vuelve a usar /link en Discord para obtener uno nuevo.
msg-code-used = Ese código ya se usó. Vuelve a usar /link en Discord para obtener uno nuevo.
msg-account-taken = Tu cuenta de Resonite ya está vinculada a otra cuenta de Discord. Desvincúlala allí primero (/unlink) y vuelve a usar /link.
msg-too-many = Demasiados códigos incorrectos: no leeré tus mensajes durante los próximos { $minutes } minutos.
msg-help = ¡Hola! Vinculo cuentas de Resonite con Discord. Usa /link en el servidor de Discord y envíame el código que muestra (como K7Q2-M9XD-4HTW).
msg-undone = Hecho: se quitó el vínculo de tu cuenta de Resonite con Discord.
msg-undo-nothing = Nada que deshacer: en el último día no se hizo ningún vínculo por mensaje desde tu cuenta.
msg-failed = Algo falló por mi parte y no se vinculó nada. Vuelve a enviar el código dentro de un minuto.
