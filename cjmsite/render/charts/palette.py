"""Each persona's colour and dash, shared by the pygal arcs and the lane grid's own curve
(a module without pygal, so pages that draw no chart do not load it)."""

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255")
DASHES = ("", "9 5", "2 4", "12 4 2 4", "5 5")
IMPORTANCE_COLOUR = "#8C8C8C"
