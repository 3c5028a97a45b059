from stemkit.cli import main

raise SystemExit(main())
