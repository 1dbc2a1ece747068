# File: extensions/database.py
from src.mlpy.stdlib.decorators import ml_module, ml_function
from src.mlpy.runtime.capabilities import require_capability
import sqlite3

@ml_module("database")
class DatabaseModule:
    """Database operations for ML"""

    def __init__(self):
        self.connections = {}

    @ml_function
    @require_capability("database:connect")
    def connect(self, db_path: str) -> str:
        """Connect to SQLite database"""
        conn_id = f"conn_{len(self.connections)}"
        conn = sqlite3.connect(db_path)
        self.connections[conn_id] = conn
        return conn_id

    @ml_function
    @require_capability("database:read")
    def query(self, conn_id: str, sql: str) -> list:
        """Execute SELECT query"""
        if conn_id not in self.connections:
            raise ValueError(f"Invalid connection: {conn_id}")

        conn = self.connections[conn_id]
        cursor = conn.cursor()
        cursor.execute(sql)

        # Return as list of dicts
        columns = [desc[0] for desc in cursor.description]
        results = []
        for row in cursor.fetchall():
            results.append(dict(zip(columns, row)))

        return results

    @ml_function
    @require_capability("database:write")
    def execute(self, conn_id: str, sql: str) -> int:
        """Execute INSERT/UPDATE/DELETE"""
        if conn_id not in self.connections:
            raise ValueError(f"Invalid connection: {conn_id}")

        conn = self.connections[conn_id]
        cursor = conn.cursor()
        cursor.execute(sql)
        conn.commit()

        return cursor.rowcount

    @ml_function
    def close(self, conn_id: str):
        """Close database connection"""
        if conn_id in self.connections:
            self.connections[conn_id].close()
            del self.connections[conn_id]
