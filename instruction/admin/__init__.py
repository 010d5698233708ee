"""The back office of instruction: the queue and the request page (`demande`), and one view
per action (`actions`), each calling one service of `instruction.services`; the agents of the
prefecture for an administrateur local (`agents`) and the second factor (`second_facteur`)."""

from instruction.admin import agents, demande  # noqa: F401  (register their admins)
