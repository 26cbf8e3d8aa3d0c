from goldmine.cli import main

main()
