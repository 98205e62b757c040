# The demo workspace.
demo-what = the demo
demo-not-empty = the demo goes only into an empty workspace, and this one already has clients
