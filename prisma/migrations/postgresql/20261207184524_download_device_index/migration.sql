-- CreateIndex
CREATE INDEX "Download_deviceId_userOid_at_idx" ON "Download"("deviceId", "userOid", "at");
