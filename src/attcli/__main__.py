from attcli.cli import main

main()
