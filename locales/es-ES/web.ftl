# Las páginas de resultado y la página de inicio (español de España).

page-footer = resonite-verify · vincula cuentas de Resonite con Discord
landing-title = Vinculación de cuentas de Resonite
landing-about = Este servidor pertenece a un bot de Discord que vincula a los miembros de Discord con sus cuentas de Resonite y les da roles según su perfil de Resonite (estado de colaborador, etiquetas).
landing-how = Para vincular tu cuenta, escribe { $command } en el servidor de Discord y sigue el botón.
page-close = Puedes cerrar esta página y volver a Discord.

linked-title = Cuentas vinculadas
linked-body = Tu cuenta de Resonite { $resonite } ({ $resonite_id }) ya está vinculada a la cuenta de Discord { $discord }.
linked-offer = Mostrarla en mi perfil de Discord
linked-back = Volver al servidor en Discord

pushed-title = Se muestra en tu perfil de Discord
pushed-body = La cuenta de Discord { $discord } muestra ahora la cuenta de Resonite { $resonite } como conexión y puede obtener los roles vinculados del servidor.
pushed-pending = Discord está ocupado ahora mismo: tu perfil se actualizará en un momento, no tienes que hacer nada más.
note-pushed = Tu perfil de Discord muestra ahora tu cuenta de Resonite y puedes obtener los roles vinculados del servidor.
note-pushed-owed = Tu perfil de Discord mostrará tu cuenta de Resonite en un momento (Discord está ocupado).

not-found-title = Página no encontrada
not-found-explanation = No hay nada en esta dirección.
not-found-next = Para vincular tu cuenta de Resonite, usa /link en Discord.
too-long-title = Dirección demasiado larga
too-long-explanation = Esta dirección es más larga que cualquier enlace que cree el bot.
too-long-next = Usa /link en Discord para obtener un enlace nuevo.

## La página de confirmación entre Resonite y la vinculación

confirm-title = ¿Vincular estas cuentas?
confirm-body = ¿Vincular la cuenta de Resonite { $resonite } ({ $resonite_id }) con la cuenta de Discord { $discord }?
confirm-body-server = ¿Vincular la cuenta de Resonite { $resonite } ({ $resonite_id }) con la cuenta de Discord { $discord } en el servidor { $server }?
confirm-warning = Pulsa Vincular solo si lo has iniciado tú con /link en Discord. Si alguien te ha enviado este enlace, pulsa Cancelar: esa persona obtendría tu cuenta de Resonite y sus roles.
confirm-link = Vincular
confirm-cancel = Cancelar
confirm-expires = No se vincula nada hasta que pulses Vincular. Esta página funciona una sola vez y durante un tiempo limitado.
cancelled-title = No se ha vinculado nada
cancelled-explanation = Has pulsado Cancelar: no se ha vinculado ninguna cuenta y no ha cambiado nada.
cancelled-next = Si quieres vincular tu cuenta, vuelve a ejecutar /link en Discord.

## Una vinculación que no se completó

link-again = Vuelve a ejecutar /link en Discord para obtener un botón nuevo.
link-try-later = Vuelve a intentarlo con /link dentro de unos minutos.
link-denied-title = Vinculación cancelada
link-denied-explanation = Rechazaste el acceso en Resonite, así que no se ha vinculado nada.
link-denied-next = Si fue un error, vuelve a ejecutar /link en Discord.
link-provider-title = Resonite rechazó la solicitud
link-provider-explanation = Resonite respondió con el error «{ $code }». No se ha vinculado nada.
link-incomplete-title = Enlace incompleto
link-incomplete-explanation = A esta dirección le falta parte de lo que Resonite devuelve.
link-expired-title = Este enlace ha caducado o ya se ha usado
link-expired-explanation = Cada botón de /link funciona una sola vez y durante un tiempo limitado.
link-browser-title = Confirma en el navegador con el que iniciaste sesión
link-browser-explanation = Este enlace pertenece a otro navegador, o tu navegador no ha devuelto lo que demuestra que es el mismo. No se ha vinculado nada.
link-taken-title = Cuenta ya vinculada
link-taken-explanation = La cuenta de Resonite { $resonite } ya está vinculada a otra cuenta de Discord. No se ha cambiado nada.
link-taken-next = Desvincúlala primero de la otra cuenta de Discord (/unlink) o pide ayuda a un administrador del servidor.
link-resonite-title = Resonite no pudo completar la vinculación
link-resonite-explanation = Algo ha fallado al comunicarse con Resonite. No se ha vinculado nada.
link-database-title = Vuelve a intentarlo dentro de un minuto
link-database-explanation = La base de datos del bot no responde ahora mismo, así que no se ha vinculado nada. Tu botón de /link sigue funcionando.
link-database-next = Espera un minuto y vuelve a pulsar el mismo botón de /link en Discord (o ejecuta /link).
link-database-confirm-explanation = La base de datos del bot no responde ahora mismo, así que no se ha vinculado nada. Esta confirmación sigue valiendo durante un rato.
link-database-confirm-next = Espera un minuto, vuelve a la página anterior y pulsa Vincular de nuevo.
link-ours-title = Algo ha fallado por nuestra parte
link-ours-explanation = El bot no pudo guardar la vinculación. No se ha cambiado nada.

## Roles vinculados de Discord que no se completaron

connect-again = Vuelve a abrir los roles vinculados del servidor en Discord (o la dirección de esta página) para empezar de nuevo.
connect-try-later = Vuelve a intentarlo dentro de unos minutos.
connect-denied-title = Conexión cancelada
connect-denied-explanation = Lo rechazaste en Discord, así que no se ha conectado nada.
connect-provider-title = Discord rechazó la solicitud
connect-provider-explanation = Discord respondió con un error. No se ha conectado nada.
connect-incomplete-title = Dirección incompleta
connect-incomplete-explanation = A esta dirección le falta parte de lo que Discord devuelve.
connect-expired-title = Este enlace ha caducado o ya se ha usado
connect-expired-explanation = Cada paso por la autorización de Discord funciona una sola vez y durante un tiempo limitado.
connect-discord-title = Discord no pudo completar la conexión
connect-discord-explanation = Algo ha fallado al comunicarse con Discord. No se ha conectado nada.
connect-ours-title = Algo ha fallado por nuestra parte
connect-ours-explanation = El bot no pudo guardar la conexión. No se ha cambiado nada.
