"""Drawing helpers of the electronics room (matplotlib).

``draw_x(ax, ...)`` draws on the given axes and returns the artists it made;
``update_x(artists, ...)`` changes their data. Nothing here calls ``plt.show()``
or changes global rcParams.
"""

from __future__ import annotations
