"""The back office of instruction: the queue and the request page (`demande`), and one view
per action (`actions`), each calling one service of `instruction.services`."""

from instruction.admin import demande  # noqa: F401  (registers DemandeAdmin)
