def forwards(apps, schema_editor):
    print("migrating users")
