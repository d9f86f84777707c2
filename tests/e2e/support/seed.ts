// Seeds portal users straight into the database of the e2e server (run by global setup with tsx).
import { getDb } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";

const users = JSON.parse(process.env.SEED_USERS ?? "[]") as Array<{
  email: string;
  name: string;
  password: string;
  role: string;
}>;
const db = getDb();
for (const user of users) {
  await db.user.create({
    data: { email: user.email, name: user.name, role: user.role, passwordHash: await hashPassword(user.password) },
  });
}
await db.$disconnect();
